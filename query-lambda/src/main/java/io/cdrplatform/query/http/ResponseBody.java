package io.cdrplatform.query.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a response body to a stream. A body may hold an open database cursor (the CSV export):
 * {@link #writeTo} consumes and releases it, so every body must be written exactly once.
 */
@FunctionalInterface
public interface ResponseBody {
    void writeTo(OutputStream out) throws IOException;
}
