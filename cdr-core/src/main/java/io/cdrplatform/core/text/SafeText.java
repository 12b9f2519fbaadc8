package io.cdrplatform.core.text;

/** Makes peer-supplied text safe to put in a log line: control bytes escaped, length bounded. */
public final class SafeText {
    public static final int DEFAULT_MAX = 256;

    private SafeText() {
    }

    public static String escape(String text) {
        return escape(text, DEFAULT_MAX);
    }

    /** CR, LF, tab, NUL and every other control character become {@code \r}, {@code \n}, {@code \xNN}. */
    public static String escape(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= maxLength) {
                out.append("...(").append(text.length()).append(" chars)");
                break;
            }
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\x%02x", (int) c & 0xffff));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
