package nl.bij.app;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.TestInstance;

import nl.bij.state.DecisionLog;
import nl.bij.state.DecisionRecord;

/**
 * Runs the service's real wiring ({@link BijConfiguration}) and real YAML routes in a test context, with the
 * embedded Artemis broker on a free port and its journal in a fresh folder. One context per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceTestSupport extends CamelTestSupport {

    protected Properties settings;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        settings = Settings.load(Optional.empty());
        settings.setProperty("bij.data.dir", Files.createTempDirectory("bij-test").toString());
        giveTheDevelopmentKey(java.nio.file.Path.of(settings.getProperty("bij.data.dir")),
                settings.getProperty("bij.notice.signing.alias"));
        settings.setProperty("bij.broker.embedded.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        settings.setProperty("bij.broker.redelivery-delay-ms", "20");
        settings.setProperty("bij.broker.max-delivery-attempts", "3");
        settings.setProperty("bij.delivery.outbox-dir", settings.getProperty("bij.data.dir") + "/outbox");
        settings.setProperty("bij.delivery.retry-delay-ms", "50");
        settings.setProperty("bij.outbox.poll-ms", "100");
        settings.setProperty("bij.admin.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        settings.setProperty("bij.admin.operators", "classpath:test-config/operators.properties");
        settings.setProperty("bij.db.url", nl.bij.state.TestDatabases.freshUrlOrEmbedded());
        settings.setProperty("bij.db.user", "postgres");
        settings.setProperty("bij.delivery.max-retry-delay-ms", "200");
        // the development conveniences (generated key, shipped passwords) also on the PostgreSQL pass
        settings.setProperty("bij.mode", "development");
        settings.putAll(overrides());
        wire(camel);
        return camel;
    }

    /** One development key for the whole run, made as the service makes it, then copied into each data folder. */
    private static java.nio.file.Path developmentKey;

    /**
     * Puts the run's development key where the service looks for it, so that it loads it instead of making one:
     * keytool takes over a second per RSA-3072 key, once per test class otherwise. Making it is still tested by every
     * test that runs the service as a process of its own, and by CI's run of the samples.
     */
    private static synchronized void giveTheDevelopmentKey(java.nio.file.Path dataDir, String alias)
            throws java.io.IOException {
        if (developmentKey == null) {
            java.nio.file.Path made = SigningKeys.developmentKeystore(Files.createTempDirectory("bij-test-key"));
            SigningKeys.makeDevelopmentKey(made, alias);
            developmentKey = made;
        }
        java.nio.file.Path keystore = SigningKeys.developmentKeystore(dataDir);
        Files.createDirectories(keystore.getParent());
        Files.copy(developmentKey, keystore);
    }

    private void wire(CamelContext camel) throws Exception {
        camel.getPropertiesComponent().setOverrideProperties(settings);
        beforeWiring(camel);
        new BijConfiguration().configure(camel);
        afterWiring(camel);
    }

    /**
     * Stops the service and starts it again on the same data folder, broker journal and database, as after a
     * restart; returns the new context (the test's {@code context} stays stopped).
     */
    protected CamelContext restart() throws Exception {
        context.stop();
        CamelContext again = new org.apache.camel.impl.DefaultCamelContext();
        wire(again);
        for (RoutesBuilder routes : routesOf(again)) {
            again.addRoutes(routes);
        }
        again.start();
        return again;
    }

    /**
     * The service stops when its class is done: its broker, its database pool (PostgreSQL takes 100 connections in
     * all) and its admin server would otherwise live until the end of the run.
     */
    @org.junit.jupiter.api.AfterAll
    void stopTheService() {
        if (context != null) {
            context.stop();
        }
    }

    /** Settings a test class changes. */
    protected Properties overrides() {
        return new Properties();
    }

    /** A hook to bind a bean the wiring then uses (such as the decision log) instead of its own. */
    protected void beforeWiring(CamelContext camel) throws Exception {
    }

    /** A hook to replace a bean of the wiring. */
    protected void afterWiring(CamelContext camel) throws Exception {
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        return routesOf(context);
    }

    private static RoutesBuilder[] routesOf(CamelContext camel) throws Exception {
        var routes = PluginHelper.getPackageScanResourceResolver(camel).findResources("classpath:routes/*.camel.yaml");
        return PluginHelper.getRoutesLoader(camel).findRoutesBuilders(routes).toArray(RoutesBuilder[]::new);
    }

    protected DecisionLog decisionLog() {
        return context.getRegistry().lookupByNameAndType("decisionLog", DecisionLog.class);
    }

    /**
     * Sends as Justid and waits until every message has its decision. (A NotifyBuilder counts attempts that roll
     * back as well; the decision is what the service promises, so that is what the test waits for.)
     */
    protected List<String> sendAndAwait(Sender... senders) throws Exception {
        List<String> messageIds = new ArrayList<>();
        try (JustidSender justid = new JustidSender(settings)) {
            for (Sender sender : senders) {
                messageIds.add(sender.send(justid));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(
                () -> messageIds.stream().allMatch(id -> decisionLog().byMessageId(id)
                        .filter(d -> d.decision().isFinal()).isPresent()));
        return messageIds;
    }

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    /** A call to the admin API over real HTTP; {@code credentials} is {@code name:password}, or null for none. */
    protected java.net.http.HttpResponse<String> admin(String method, String path, String credentials) throws Exception {
        return admin(method, path, credentials, java.util.Map.of("X-Requested-With", "bij"));
    }

    /** A call with exactly these extra headers (the console and the CLI send {@code X-Requested-With: bij}). */
    protected java.net.http.HttpResponse<String> admin(String method, String path, String credentials,
            java.util.Map<String, String> headers) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + settings.getProperty("bij.admin.port") + "/api/v1" + path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        if (credentials != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** A probe an orchestrator calls: a GET outside /api/v1, with no login and no other header. */
    protected java.net.http.HttpResponse<String> probe(String path) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + settings.getProperty("bij.admin.port") + path)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** The certificate of the development key the service made in its data folder. */
    protected java.security.cert.X509Certificate serviceCertificate() {
        java.nio.file.Path keystore = SigningKeys.developmentKeystore(java.nio.file.Path.of(settings.getProperty("bij.data.dir")));
        return nl.bij.notice.NoticeSigner.fromKeystore(keystore, SigningKeys.DEVELOPMENT_PASSWORD.toCharArray(),
                "bij-notice").certificate();
    }

    protected DecisionRecord decisionOf(String messageId) {
        return decisionLog().byMessageId(messageId).orElseThrow(() -> new AssertionError("no decision for " + messageId));
    }

    protected static Sender text(String xml) {
        return justid -> justid.send(justid.session().createTextMessage(xml));
    }

    protected static Sender bytes(byte[] body) {
        return justid -> justid.sendBytes(body);
    }

    /**
     * The messages on a queue once {@code ready} holds: a decision is committed to the database just before the
     * JMS transaction that puts a copy on a queue, so the copy may show a moment later.
     */
    protected List<Message> browseWhen(String queueProperty, java.util.function.Predicate<List<Message>> ready) {
        List<List<Message>> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Message> messages = browse(queueProperty);
            seen.add(0, messages);
            return ready.test(messages);
        });
        return seen.get(0);
    }

    /** The messages on a queue, read without consuming them (the service's login may browse). */
    protected List<Message> browse(String queueProperty) throws JMSException {
        return browseQueue(settings.getProperty(queueProperty));
    }

    /** The messages on the named queue, read without consuming them. */
    protected List<Message> browseQueue(String queue) throws JMSException {
        var factory = new ActiveMQConnectionFactory(Settings.brokerUrl(settings),
                settings.getProperty("bij.broker.user"), settings.getProperty("bij.broker.password"));
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(queue));
            return Collections.list(browser.getEnumeration()).stream().map(Message.class::cast).toList();
        }
    }

    /** A string property of a JMS message, for use in lambdas. */
    protected static String property(Message message, String name) {
        try {
            return message.getStringProperty(name);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    protected interface Sender {
        String send(JustidSender justid) throws Exception;
    }
}
