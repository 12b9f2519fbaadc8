package io.cdrplatform.snslocal;

import io.cdrplatform.core.text.SafeText;

/** Peer-supplied text bound for a log line or an error message: control bytes escaped, length bounded. */
final class SafeTextFields {
    private SafeTextFields() {
    }

    static String escape(String text) {
        return SafeText.escape(text, 128);
    }
}
