package nl.bij.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AftercareRedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        plain block                | <a>1</a><aftercare><h>SECRET</h></aftercare><b>2</b>     | <a>1</a>#<b>2</b>
        prefixed block             | <a/><j:aftercare x='1'>SECRET</j:aftercare><b/>          | <a/>#<b/>
        self-closing               | <a/><aftercare/><b/>                                      | <a/>#<b/>
        nested aftercare           | <aftercare><aftercare>SECRET</aftercare>SECRET</aftercare><b/> | #<b/>
        two blocks                 | <aftercare>SECRET</aftercare><b/><aftercare>SECRET</aftercare> | #
        never closed               | <a/><aftercare><h>SECRET                                  | <a/>#
        tag cut off                | <a/><aftercare                                            | <a/>#
        no aftercare               | <a>aftercare is a word</a><aftercareX/>                   | <a>aftercare is a word</a><aftercareX/>
        """)
    void removesEveryAftercareBlock(String name, String input, String expected) {
        String redacted = new String(AftercareRedaction.redact(input.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(redacted).isEqualTo(expected.replace("#", AftercareRedaction.MARKER)).doesNotContain("SECRET");
    }

    @ParameterizedTest(name = "binary bytes survive: {0}")
    @CsvSource({"0", "1", "2"})
    void keepsOtherBytesExactly(int seed) {
        byte[] bytes = new byte[512];
        new java.util.Random(seed).nextBytes(bytes);
        bytes[0] = 'x';
        assertThat(AftercareRedaction.redact(bytes)).isEqualTo(bytes);
    }
}
