package io.cdrplatform.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void escapesLineBreaksAndControlBytesSoALogLineStaysOneLine() {
        assertThat(SafeText.escape("a\r\nb\0c\u001b[31m\td"))
                .isEqualTo("a\\r\\nb\\x00c\\x1b[31m\\td")
                .doesNotContain("\n", "\r", "\0");
    }

    @Test
    void boundsTheLength() {
        assertThat(SafeText.escape("x".repeat(1000), 10)).isEqualTo("xxxxxxxxxx...(1000 chars)");
    }
}
