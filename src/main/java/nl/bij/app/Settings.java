package nl.bij.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The service's configuration, in order of precedence (last wins): the packaged {@code config/application.properties},
 * a file given with {@code --config} or else the one in the configuration folder ({@code BIJ_CONFIG_DIR}), environment
 * variables ({@code bij.broker.url} → {@code BIJ_BROKER_URL}), JVM system properties. The result is handed to
 * camel-main as override properties, so the routes, the wiring and the command-line tools all see the same values.
 *
 * <p>{@code bij.config.dir} is set to the folder of the file in use, so that a file names the others beside it
 * ({@code file:{{bij.config.dir}}/recipients.csv}) wherever an installation keeps them.
 */
public final class Settings {

    public static final String DEFAULTS = "config/application.properties";
    /** The configuration folder of an installation (the launcher sets it; empty: the packaged configuration only). */
    static final String CONFIG_DIR = "bij.config.dir";

    private Settings() {
    }

    public static Properties load(Optional<Path> configFile) {
        return load(configFile, System.getenv(), System.getProperties());
    }

    static Properties load(Optional<Path> configFile, Map<String, String> env, Properties system) {
        return load(DEFAULTS, configFile, env, system);
    }

    /** The same order of precedence over another packaged file of defaults (the inbox's). */
    static Properties load(String packagedDefaults, Optional<Path> configFile, Map<String, String> env,
            Properties system) {
        Properties settings = new Properties();
        try (InputStream defaults = Settings.class.getClassLoader().getResourceAsStream(packagedDefaults)) {
            if (defaults == null) {
                throw new IllegalStateException(packagedDefaults + " is missing from the classpath");
            }
            settings.load(new java.io.InputStreamReader(defaults, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<Path> file = configFile.or(() -> fileInConfigDir(packagedDefaults, env, system));
        file.ifPresent(f -> loadFile(settings, f));
        for (String key : settings.stringPropertyNames()) {
            String fromEnv = env.get(environmentName(key));
            if (fromEnv != null) {
                settings.setProperty(key, fromEnv);
            }
            if (system.getProperty(key) != null) {
                settings.setProperty(key, system.getProperty(key));
            }
        }
        file.ifPresent(f -> settings.setProperty(CONFIG_DIR, folderOf(f).toString()));
        return settings;
    }

    /**
     * The folder's file of the same name as the packaged defaults ({@code application.properties},
     * {@code inbox.properties}). A folder named but without that file stops the start: running on the packaged
     * development defaults instead would hide a mistyped path.
     */
    private static Optional<Path> fileInConfigDir(String packagedDefaults, Map<String, String> env, Properties system) {
        String dir = Optional.ofNullable(system.getProperty(CONFIG_DIR)).orElse(env.getOrDefault(environmentName(CONFIG_DIR), ""));
        if (dir.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(dir.strip()).resolve(Path.of(packagedDefaults).getFileName());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The configuration folder (" + environmentName(CONFIG_DIR) + ") has no "
                    + file.getFileName() + ": " + file.toAbsolutePath());
        }
        return Optional.of(file);
    }

    private static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static void loadFile(Properties settings, Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            settings.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file, e);
        }
    }

    /** The broker the service and its tools connect to: the external one, or the embedded one. */
    public static String brokerUrl(Properties settings) {
        String url = settings.getProperty("bij.broker.url", "").strip();
        return url.isEmpty()
                ? "tcp://" + settings.getProperty("bij.broker.embedded.host") + ":"
                        + settings.getProperty("bij.broker.embedded.port")
                : url;
    }
}
