package io.cdrplatform.query.http;

import io.cdrplatform.core.text.SafeText;

/** Caller input echoed in an error message: control bytes escaped and length bounded. */
public final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    public static String of(String input) {
        return input == null ? "" : SafeText.escape(input, MAX);
    }
}
