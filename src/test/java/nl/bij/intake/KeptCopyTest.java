package nl.bij.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The copies kept for operators come from the parser: no aftercare however the message is built, its own encoding. */
class KeptCopyTest {

    private static final String MARKER = "<!--" + KeptCopy.MARKER + "-->";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        plain block                | <r><a>1</a><aftercare><h>SECRET</h></aftercare><b>2</b></r>      | <r><a>1</a>#<b>2</b></r>
        prefixed block             | <r xmlns:j='urn:j'><a/><j:aftercare x='1'>SECRET</j:aftercare><b/></r> | <r xmlns:j="urn:j"><a></a>#<b></b></r>
        self-closing               | <r><a/><aftercare/><b/></r>                                      | <r><a></a>#<b></b></r>
        nested aftercare           | <r><aftercare><aftercare>SECRET</aftercare>SECRET</aftercare><b/></r> | <r>#<b></b></r>
        two blocks                 | <r><aftercare>SECRET</aftercare><b/><aftercare>SECRET</aftercare></r> | <r>#<b></b>#</r>
        a > inside an attribute    | <r><a note='x>y'/><aftercare note='>'>SECRET</aftercare></r>     | <r><a note="x&gt;y"></a>#</r>
        in a comment               | <r><!-- <aftercare>SECRET</aftercare> --><b/></r>               | <r><b></b></r>
        no aftercare               | <r><a>aftercare is a word</a><aftercareX/></r>                   | <r><a>aftercare is a word</a><aftercareX></aftercareX></r>
        """)
    void removesEveryAftercareBlock(String name, String input, String expected) {
        String copy = new String(KeptCopy.withoutAftercare(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(copy.replaceFirst("^<\\?xml[^>]*\\?>", "")).isEqualTo(expected.replace("#", MARKER))
                .doesNotContain("SECRET");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        never closed               | <r><a/><aftercare><h>SECRET
        broken after the block     | <r><aftercare>SECRET</aftercare><b></r><aftercare>SECRET</aftercare>
        broken inside the block    | <r><aftercare>SECRET<b></aftercare><c>SECRET</c></r>
        tag cut off                | <r><a/><aftercare
        garbage                    | \u0000\u0001<<>>SECRET
        """)
    void aBrokenMessageIsKeptUpToWhereItBreaksAndNoFurther(String name, String input) {
        String copy = new String(KeptCopy.withoutAftercare(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(copy).doesNotContain("SECRET").contains("not kept: the rest of the message");
    }

    @Test
    void aUtf16MessageIsCopiedInUtf16WithoutItsAftercare() {
        Charset utf16 = StandardCharsets.UTF_16;
        String event = Events.full().replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
        byte[] copy = KeptCopy.withoutAftercare(event.getBytes(utf16));

        String text = new String(copy, utf16);
        assertThat(text).contains("<surname>Zwaantjes-Plantinga</surname>", MARKER).doesNotContain(Events.AFTERCARE);
        assertThat(new ReleaseEventReader().read(copy)).as("still a valid release event, read as UTF-16")
                .isInstanceOf(IntakeOutcome.Accepted.class);
    }

    @Test
    void aDoctypeIsNotKept() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r><a>1</a></r>";
        String copy = new String(KeptCopy.withoutAftercare(xxe.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(copy).doesNotContain("DOCTYPE", "ENTITY", "passwd").contains("<r><a>1</a></r>");
    }

    @Test
    void theCopyForAReviewerHasThePersonButNoBsnAndNoAftercare() {
        String copy = new String(KeptCopy.forReview(Events.full().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(copy).contains("<surname>Zwaantjes-Plantinga</surname>", "<personId scheme=\"SKN\">")
                .doesNotContain("999999990", "<bsn", Events.AFTERCARE);
        assertThat(new ReleaseEventReader().read(copy)).as("still a valid release event").isInstanceOf(IntakeOutcome.Accepted.class);
    }
}
