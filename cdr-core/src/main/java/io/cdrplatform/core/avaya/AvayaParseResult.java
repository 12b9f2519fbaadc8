package io.cdrplatform.core.avaya;

/** A parsed record, or why the line is not one. */
public sealed interface AvayaParseResult {

    record Parsed(AvayaRecord record) implements AvayaParseResult {
    }

    record Unparseable(String line, String reason) implements AvayaParseResult {
    }
}
