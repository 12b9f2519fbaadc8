package io.cdrplatform.snslocal;

import java.util.Objects;

/**
 * One SNS message attribute as SNS delivers it: the data type ({@code String}, {@code Number},
 * {@code Binary}, {@code String.Array}, optionally with a custom suffix like {@code String.x}) and
 * the value as text (base64 for {@code Binary}, exactly as in the SNS envelope).
 */
public record MessageAttribute(String dataType, String value) {
    public MessageAttribute {
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(value, "value");
    }

    public boolean isBinary() {
        return baseType().equals("Binary");
    }

    /** {@code String}, {@code Number}, {@code Binary} or {@code String.Array}, without a custom suffix. */
    public String baseType() {
        if (dataType.startsWith("String.Array")) {
            return "String.Array";
        }
        int dot = dataType.indexOf('.');
        return dot < 0 ? dataType : dataType.substring(0, dot);
    }
}
