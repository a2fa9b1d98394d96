package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The repository stands alone for its readers: every relative link in its documents leads to a file of the
 * repository, the README leads each kind of reader to their document in one step, and nothing points at documents
 * a reader of the repository does not have.
 */
class DocumentsTest {

    private static final Path TOP = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared|\\b(DOMAIN|INTERFACE|ARCHITECTURE)\\.md|TECH-NOTES");

    @Test
    void everyRelativeLinkInTheDocumentsLeadsToAFileOfTheRepository() {
        List<String> broken = new ArrayList<>();
        for (Path document : documents()) {
            Matcher link = LINK.matcher(read(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^(https?|mailto):.*") || target.startsWith("#")) {
                    continue;
                }
                Path file = document.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                if (!file.startsWith(TOP) || !Files.exists(file)) {
                    broken.add(TOP.relativize(document) + " -> " + target);
                }
            }
        }
        assertThat(broken).as("links that lead nowhere, or out of the repository").isEmpty();
    }

    @Test
    void theReadmeLeadsEachReaderToTheirDocumentInOneStep() {
        String readme = read(TOP.resolve("README.md"));

        assertThat(readme.lines().count()).as("a README one can read through").isLessThanOrEqualTo(250);
        assertThat(readme).contains("](docs/justid.md)", "](docs/municipalities.md)", "](docs/operators.md)",
                "](dist/INSTALL.md)", "](docs/production.md)", "](docs/law.md)", "](docs/delivery-guarantees.md)",
                "](docs/security.md)", "](docs/logging.md)", "](bench/README.md)");
    }

    @Test
    void nothingInTheRepositoryPointsAtDocumentsItsReadersDoNotHave() throws IOException {
        List<String> pointing = new ArrayList<>();
        for (String folder : List.of("docs", "dist", "bench", "config", "routes", "schemas", "scripts", "src/main",
                "samples")) {
            try (Stream<Path> files = Files.walk(TOP.resolve(folder))) {
                files.filter(Files::isRegularFile).filter(DocumentsTest::isText)
                        .filter(file -> OUTSIDE.matcher(read(file)).find())
                        .forEach(file -> pointing.add(TOP.relativize(file).toString()));
            }
        }
        for (String top : List.of("README.md", "CHANGELOG.md", "pom.xml", ".ci/run")) {
            if (OUTSIDE.matcher(read(TOP.resolve(top))).find()) {
                pointing.add(top);
            }
        }
        assertThat(pointing).isEmpty();
    }

    /** The Markdown documents of the repository, outside what the build makes. */
    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>(List.of(TOP.resolve("README.md"), TOP.resolve("CHANGELOG.md")));
        for (String folder : List.of("docs", "dist", "bench", "config")) {
            try (Stream<Path> files = Files.walk(TOP.resolve(folder))) {
                files.filter(file -> file.toString().endsWith(".md")).forEach(documents::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return !name.endsWith(".png") && !name.endsWith(".jar") && !name.endsWith(".p12") && !name.endsWith(".gz");
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
