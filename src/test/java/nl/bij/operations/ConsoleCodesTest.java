package nl.bij.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nl.bij.state.Decision;

/** The console speaks Dutch for every decision and every reason code the service writes (docs/logging.md). */
class ConsoleCodesTest {

    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z0-9_]{3,})`");

    @Test
    void everyDecisionAndEveryReasonCodeOfTheCatalogueHasItsDutchWords() throws Exception {
        String codes = Files.readString(Path.of("src/main/resources/console/codes.js"), StandardCharsets.UTF_8);
        String catalogue = Files.readString(Path.of("docs/logging.md"), StandardCharsets.UTF_8);
        String table = catalogue.substring(catalogue.indexOf("| decision | reason codes |"));
        Set<String> reasons = new TreeSet<>();
        Matcher code = CODE.matcher(table.substring(0, table.indexOf("\n\n")));
        while (code.find()) {
            reasons.add(code.group(1));
        }
        Set<String> decisions = new TreeSet<>(Arrays.stream(Decision.values()).map(Enum::name).toList());
        reasons.removeAll(decisions);

        assertThat(reasons).as("the catalogue's reason codes").hasSizeGreaterThan(25)
                .allSatisfy(reason -> assertThat(codes).as(reason).containsPattern("\\n  " + reason + ": \""));
        assertThat(decisions).allSatisfy(decision -> assertThat(codes).as(decision)
                .containsPattern("[ {]" + decision + ": \""));
    }
}
