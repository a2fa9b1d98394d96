package nl.bij.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.IntFunction;

/**
 * Where the service runs during one measurement: its broker and its database. {@link Embedded} is the service on
 * its own defaults (the broker inside the service, H2 in its data folder); {@link Production} is the production
 * topology of docs/production.md on one machine (a standalone broker from the official distribution, PostgreSQL,
 * one or more service instances).
 */
interface Site extends AutoCloseable {

    String RELEASES = "justid.bij.releases";

    /** The settings that point a service instance at this site. */
    void configure(Properties config);

    /** A backlog of release events in Justid's queue while no service consumes. */
    void fill(int count, IntFunction<String> body) throws Exception;

    /** Justid's side of the broker, for the backlog and steady sends. */
    Broker justid();

    /** The service's login (Justid may only send), to see that the release queue is empty. */
    Broker service();

    /** What the run left in the database, read once every service instance has stopped. */
    Outcome outcome() throws SQLException;

    /** The size of the database after the run. */
    long databaseBytes() throws Exception;

    /** CPU the site used outside the service processes (the standalone broker); zero when it runs inside them. */
    Duration cpu();

    @Override
    void close() throws Exception;

    /** The service's defaults: the broker is inside the service, the database an H2 file in its data folder. */
    final class Embedded implements Site {
        private static final String JUSTID_USER = "justid";
        private static final String JUSTID_PASSWORD = "justid-local";
        private static final String SERVICE_USER = "bij-service";
        private static final String SERVICE_PASSWORD = "bij-service-local";

        private final Path jar;
        private final Path dir;
        private final Path dataDir;
        private final int port;
        private final String heap;

        /** {@code config}: the instance's settings (its data folder and broker port are read from them). */
        Embedded(Path jar, Path dir, Properties config, String heap) {
            this.jar = jar;
            this.dir = dir;
            this.dataDir = Path.of(config.getProperty("bij.data.dir"));
            this.port = Integer.parseInt(config.getProperty("bij.broker.embedded.port"));
            this.heap = heap;
        }

        @Override
        public void configure(Properties config) {
            // the defaults are the site
        }

        /** The service's own broker, started without its routes, takes the backlog into its journal. */
        @Override
        public void fill(int count, IntFunction<String> body) throws Exception {
            Properties filling = ThroughputBenchmark.read(dir.resolve("bench.properties"));
            filling.setProperty("camel.main.auto-startup", "false");
            try (ServiceProcess broker = ServiceProcess.start(jar, ThroughputBenchmark.write(dir, "fill", filling), dir,
                    "fill", heap, null)) {
                justid().fill(RELEASES, count, body);
                broker.stop();
            }
        }

        @Override
        public Broker justid() {
            return Broker.embedded(port, JUSTID_USER, JUSTID_PASSWORD);
        }

        @Override
        public Broker service() {
            return Broker.embedded(port, SERVICE_USER, SERVICE_PASSWORD);
        }

        @Override
        public Outcome outcome() throws SQLException {
            return Outcome.read(dataDir);
        }

        @Override
        public long databaseBytes() throws Exception {
            return Files.size(dataDir.resolve("db").resolve("bij.mv.db"));
        }

        @Override
        public Duration cpu() {
            return Duration.ZERO;
        }

        @Override
        public void close() {
        }
    }

    /** A standalone broker made by {@code artemis create}, and a fresh PostgreSQL database on this machine. */
    final class Production implements Site {
        static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
        private static final String DATABASE = "bij_bench";

        private final StandaloneArtemis broker;

        private Production(StandaloneArtemis broker) {
            this.broker = broker;
        }

        static Production start(Path artemisHome, Path dir, int port) throws Exception {
            freshDatabase();
            return new Production(StandaloneArtemis.start(artemisHome, dir, port, true));
        }

        @Override
        public void configure(Properties config) {
            config.setProperty("bij.broker.url", broker.url());
            config.setProperty("bij.broker.user", StandaloneArtemis.USER);
            config.setProperty("bij.broker.password", StandaloneArtemis.PASSWORD);
            config.setProperty("bij.db.url", POSTGRES + DATABASE);
            config.setProperty("bij.db.user", "postgres");
            config.setProperty("bij.db.password", "");
        }

        @Override
        public void fill(int count, IntFunction<String> body) throws Exception {
            justid().fill(RELEASES, count, body);
        }

        @Override
        public Broker justid() {
            return broker.client();
        }

        @Override
        public Broker service() {
            return broker.client();
        }

        @Override
        public Outcome outcome() throws SQLException {
            return Outcome.read(POSTGRES + DATABASE, "postgres", "");
        }

        @Override
        public long databaseBytes() throws SQLException {
            try (Connection c = DriverManager.getConnection(POSTGRES + DATABASE, "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_database_size(current_database())")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public Duration cpu() {
            return broker.cpu();
        }

        @Override
        public void close() throws Exception {
            broker.close();
        }

        private static void freshDatabase() throws SQLException {
            try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + DATABASE + " with (force)");
                s.execute("create database " + DATABASE);
            }
        }
    }
}
