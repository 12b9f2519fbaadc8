package io.cdrplatform.bridge.tcp;

/**
 * Bytes left without a line end when the PBX connection closed: a record cut off in the middle
 * (its last field could be shortened without looking wrong), so it is never taken as a record.
 */
public record UnterminatedLine(String text) {
}
