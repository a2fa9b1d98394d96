package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an installation's configuration comes from: the folder the launcher names ({@code BIJ_CONFIG_DIR}), a file
 * given with {@code --config}, the environment and system properties, in that order of precedence.
 */
class SettingsTest {

    @TempDir
    Path folder;

    @Test
    void theConfigurationFolderIsReadAndItsFilesNameEachOtherThroughBijConfigDir() throws Exception {
        Files.writeString(folder.resolve("application.properties"),
                "bij.db.url = jdbc:postgresql://db.example/bij\n"
                        + "bij.delivery.recipients = file:{{bij.config.dir}}/recipients.csv\n");

        Properties settings = Settings.load(Optional.empty(), Map.of("BIJ_CONFIG_DIR", folder.toString(),
                "BIJ_DB_USER", "bij"), new Properties());

        assertThat(settings.getProperty("bij.db.url")).isEqualTo("jdbc:postgresql://db.example/bij");
        assertThat(settings.getProperty("bij.db.user")).as("the environment still wins").isEqualTo("bij");
        assertThat(settings.getProperty("bij.config.dir")).isEqualTo(folder.toAbsolutePath().toString());
        assertThat(resolved(settings, "bij.delivery.recipients"))
                .isEqualTo("file:" + folder.toAbsolutePath() + "/recipients.csv");
    }

    @Test
    void aFileGivenWithConfigWinsOverTheFolderAndNamesItsOwnFolder() throws Exception {
        Files.writeString(folder.resolve("application.properties"), "bij.db.user = from-the-folder\n");
        Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"));
        Path file = Files.writeString(elsewhere.resolve("site.properties"), "bij.db.user = from-the-file\n");

        Properties settings = Settings.load(Optional.of(file), Map.of("BIJ_CONFIG_DIR", folder.toString()),
                new Properties());

        assertThat(settings.getProperty("bij.db.user")).isEqualTo("from-the-file");
        assertThat(settings.getProperty("bij.config.dir")).isEqualTo(elsewhere.toAbsolutePath().toString());
    }

    @Test
    void aFolderWithoutItsFileStopsTheStartInsteadOfRunningOnTheDevelopmentDefaults() {
        assertThatThrownBy(() -> Settings.load(Optional.empty(), Map.of("BIJ_CONFIG_DIR", folder.toString()),
                new Properties()))
                .hasMessage("The configuration folder (BIJ_CONFIG_DIR) has no application.properties: "
                        + folder.toAbsolutePath().resolve("application.properties"));
    }

    @Test
    void withoutAFolderThePackagedConfigurationIsAllThereIs() {
        Properties settings = Settings.load(Optional.empty(), Map.of(), new Properties());

        assertThat(settings.getProperty("bij.config.dir")).isEmpty();
        assertThat(settings.getProperty("bij.delivery.recipients")).isEqualTo("classpath:config/recipients.csv");
    }

    @Test
    void theInboxReadsItsOwnFileFromTheSameFolder() throws Exception {
        Files.writeString(folder.resolve("inbox.properties"), "bij.inbox.office.port = 9444\n");

        Properties settings = Settings.load("config/inbox.properties", Optional.empty(),
                Map.of("BIJ_CONFIG_DIR", folder.toString()), new Properties());

        assertThat(settings.getProperty("bij.inbox.office.port")).isEqualTo("9444");
    }

    /** As the wiring reads a setting: through Camel's properties, which resolve {{...}} inside a value. */
    private static String resolved(Properties settings, String key) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setOverrideProperties(settings);
            return context.getPropertiesComponent().resolveProperty(key).orElseThrow();
        }
    }
}
