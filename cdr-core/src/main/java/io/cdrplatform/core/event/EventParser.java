package io.cdrplatform.core.event;

/** Turns one delivered message body into an event or a rejection ({@link CallEventCodec} is the one in use). */
@FunctionalInterface
public interface EventParser {

    EventParseResult parse(String message);
}
