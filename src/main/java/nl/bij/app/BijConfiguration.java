package nl.bij.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.delivery.Backoff;
import nl.bij.delivery.Channel;
import nl.bij.delivery.DeliveryRetries;
import nl.bij.delivery.DropFolderSweep;
import nl.bij.delivery.MailNotice;
import nl.bij.delivery.MailRelay;
import nl.bij.delivery.NoticeDelivery;
import nl.bij.delivery.Recipient;
import nl.bij.delivery.Recipients;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.intake.JmsIntake;
import nl.bij.intake.ReleaseEventReader;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.notice.NoticeComposer;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.NoticeText;
import nl.bij.state.DecisionLog;
import nl.bij.state.AlertMemory;
import nl.bij.state.OperatorStore;
import nl.bij.state.Decisions;
import nl.bij.state.JdbcStateStore;
import nl.bij.operations.AdminApi;
import nl.bij.operations.Alerts;
import nl.bij.operations.ConsoleAssets;
import nl.bij.operations.Health;
import nl.bij.operations.Metrics;
import nl.bij.operations.Operators;
import nl.bij.operations.BrokerQueues;
import nl.bij.operations.DeadLetters;
import nl.bij.operations.KeptMessages;
import nl.bij.operations.RejectedMessages;
import nl.bij.state.NoticeOutbox;
import nl.bij.state.Retention;

/**
 * The composition root: builds the broker connection and the beans the routes call, from configuration.
 * camel-main runs it at start-up ({@code camel.main.configuration-classes}); tests call it on their own context,
 * so they run the same wiring.
 */
public final class BijConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        // every log line of an exchange carries Camel's ids and ours (bij.eventId, bij.noticeId: see Mdc)
        context.setUseMDCLogging(true);
        // "*", not "bij.*": Camel copies the whole MDC for "*", but matches every other key against a pattern that it
        // compiles anew each time: about a tenth of all the drain allocated (issue 19). The MDC holds only Camel's keys
        // and ours, so the effect is the same: ours cross threads with the exchange and are cleared after it
        context.setMDCLoggingKeysPattern("*");
        // the law and the municipalities first: a wrong file must stop the service before the broker starts
        DataFiles data = new DataFiles(context);
        EligibilityRules rules = refuseToStartOnError(data::eligibilityRules);
        MunicipalityRegister municipalities = refuseToStartOnError(data::municipalities);
        Recipients recipients = refuseToStartOnError(() -> data.recipients(municipalities));
        int urgentLeadDays = Integer.parseInt(property(properties, "bij.notice.urgent-lead-days"));
        NoticeText text = refuseToStartOnError(() -> data.noticeText(urgentLeadDays));
        MailRelay relay = refuseToStartOnError(() -> mailRelay(properties));
        refuseToStartOnError(() -> checkEndpoints(context, recipients));
        refuseToStartOnError(() -> {
            HttpsChannel.configure(context, properties, recipients);
            SftpChannel.check(properties, recipients);
            QueueChannel.check(properties, recipients);
            return null;
        });
        Path dataDir = refuseToStartOnError(() -> DataFolder.secure(Path.of(property(properties, "bij.data.dir"))));
        Clock clock = Optional.ofNullable(context.getRegistry().lookupByNameAndType("clock", Clock.class))
                .orElse(Clock.systemUTC());
        Operators operators = refuseToStartOnError(() -> data.operators(clock));
        String keystore = property(properties, "bij.notice.signing.keystore");
        Optional<NoticeSigner> configuredSigner = keystore.isBlank() ? Optional.empty()
                : Optional.of(refuseToStartOnError(() -> SigningKeys.signer(keystore,
                        property(properties, "bij.notice.signing.password"),
                        property(properties, "bij.notice.signing.alias"), dataDir)));
        ProductionReadiness.Mode mode = refuseToStartOnError(() -> ProductionReadiness.mode(key -> property(properties, key)));
        refuseToStartOnError(() -> checkReadiness(mode, new ProductionReadiness.Facts(key -> property(properties, key),
                ProductionReadiness.shippedDefaults(), recipients, operators,
                configuredSigner.map(NoticeSigner::certificate), clock.instant())));
        NoticeSigner signer = configuredSigner.orElseGet(() -> refuseToStartOnError(() -> SigningKeys.signer("", "",
                property(properties, "bij.notice.signing.alias"), dataDir)));
        warnOfExpiry(signer, clock);

        String brokerUrl = startEmbeddedBrokerIfNeeded(context, properties);
        context.addComponent("jms", jms(new ActiveMQConnectionFactory(brokerUrl,
                property(properties, "bij.broker.user"), property(properties, "bij.broker.password"))));
        // the municipalities' queues: another factory, so that a notice's send never joins the delivery's transaction
        context.getRegistry().bind(NoticeDelivery.MUNICIPALITY_QUEUES, new ActiveMQConnectionFactory(brokerUrl,
                property(properties, "bij.broker.user"), property(properties, "bij.broker.password")));

        Database database = new Database(property(properties, "bij.db.url"), property(properties, "bij.db.user"),
                property(properties, "bij.db.password"), Integer.parseInt(property(properties, "bij.db.pool-size")),
                Long.parseLong(property(properties, "bij.db.connect-timeout-ms")), dataDir);
        context.addService(database, true, true);
        List<String> queueNames = List.of(property(properties, "bij.queue.releases"),
                property(properties, "bij.queue.deliveries"), property(properties, "bij.queue.delivery-failed"),
                property(properties, "bij.queue.rejected"), property(properties, "bij.queue.dead-letter"),
                property(properties, "bij.queue.releases-undecided"));
        // the metrics read the state; every change of a decision an operator makes is counted in them
        OperatorStore stateForMetrics = new OperatorStore(database.dataSource());
        ActiveMQConnectionFactory operatorsBroker = new ActiveMQConnectionFactory(brokerUrl,
                property(properties, "bij.broker.user"), property(properties, "bij.broker.password"));
        RejectedMessages rejected = new RejectedMessages(operatorsBroker, property(properties, "bij.queue.rejected"));
        DeadLetters deadLetters = new DeadLetters(operatorsBroker, property(properties, "bij.queue.dead-letter"),
                Set.of(property(properties, "bij.queue.releases"), property(properties, "bij.queue.deliveries")));
        BrokerQueues brokerQueues = new BrokerQueues(operatorsBroker);
        if (!properties.resolveProperty("bij.broker.url").orElse("").isBlank()) {
            UndecidedReleasesCheck.warnIfMisrouted(brokerQueues, property(properties, "bij.queue.releases"),
                    property(properties, "bij.queue.releases-undecided"));
        }
        Metrics metrics = new Metrics(stateForMetrics, brokerQueues, queueNames, clock);
        metrics.watchCertificate(signer.certificate().getNotAfter().toInstant());
        OperatorStore adminStore = new OperatorStore(database.dataSource(), metrics);
        context.getRegistry().bind("metrics", metrics);
        // every route's exchanges (total, failed) and their time, tagged with its route id, in the same registry
        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        routeMetrics.setMeterRegistry(metrics.registry());
        context.addRoutePolicyFactory(routeMetrics);
        JdbcStateStore store = new JdbcStateStore(database.dataSource(), metrics);
        context.getRegistry().bind("stateStore", store);
        NoticeDocuments documents = new NoticeDocuments();
        NoticeComposer composer = new NoticeComposer(urgentLeadDays);
        var registry = context.getRegistry();
        registry.bind("intake", new JmsIntake(new ReleaseEventReader(),
                Long.parseLong(property(properties, "bij.intake.max-message-bytes")),
                Integer.parseInt(property(properties, "bij.intake.kept-head-bytes"))));
        DecisionLog decisionLog = Optional.ofNullable(registry.lookupByNameAndType("decisionLog", DecisionLog.class))
                .orElse(store);
        registry.bind("decisionLog", decisionLog);
        Decisions decisions = new Decisions(decisionLog, store, rules, municipalities, recipients, composer, documents, clock,
                Boolean.parseBoolean(property(properties, "bij.review.four-eyes")));
        registry.bind("decisions", decisions);
        registry.bind("outbox", new NoticeOutbox(store, decisions, clock,
                Duration.ofMillis(Long.parseLong(property(properties, "bij.outbox.lease-ms"))),
                Duration.ofMillis(Long.parseLong(property(properties, "bij.outbox.stranded-after-ms"))),
                Integer.parseInt(property(properties, "bij.outbox.batch"))));
        registry.bind("delivery", new NoticeDelivery(recipients, documents, composer, signer, text,
                new MailNotice(property(properties, "bij.mail.from")), relay.endpointUri(),
                Path.of(property(properties, "bij.delivery.outbox-dir")), clock));
        registry.bind("retries", new DeliveryRetries(backoff(properties), clock));
        registry.bind("admin", new AdminApi(operators, adminStore, recipients, rejected, deadLetters, brokerQueues,
                decisions, queueNames, clock));
        AdminServer.start(context, properties, operators, clock, metrics.registry());
        registry.bind("console", new ConsoleAssets());
        registry.bind("mdc", new Mdc());
        Health health = new Health(new ActiveMQConnectionFactory(brokerUrl, property(properties, "bij.broker.user"),
                property(properties, "bij.broker.password")), database.dataSource(), new Health.Mail(relay.host(),
                relay.port(), recipients.all().stream().filter(r -> r.channel() == Channel.MAIL).count()),
                recipients.all().stream().anyMatch(r -> r.channel() == Channel.XML && r.target().isEmpty())
                        ? Optional.of(Path.of(property(properties, "bij.delivery.outbox-dir"))) : Optional.empty(),
                mode.label());
        registry.bind("health", health);
        // an outage pauses the routes that take work, until the database answers again
        context.addRoutePolicyFactory(new OutageGuard(health::databaseUp,
                Long.parseLong(property(properties, "bij.outage.check-ms"))));
        String deadLetterQueue = property(properties, "bij.queue.dead-letter");
        registry.bind("alerts", new Alerts(adminStore, new AlertMemory(database.dataSource()),
                () -> brokerQueues.depth(deadLetterQueue), clock,
                Duration.ofMinutes(Long.parseLong(property(properties, "bij.alert.period-minutes"))),
                new Alerts.Ages(Duration.ofHours(Long.parseLong(property(properties, "bij.alert.review-age-hours"))),
                        Duration.ofMinutes(Long.parseLong(property(properties, "bij.alert.delivering-minutes"))),
                        Duration.ofDays(Long.parseLong(property(properties, "bij.retention.days")))),
                metrics.registry(), property(properties, "bij.alert.mail-to").isBlank() ? "" : relay.endpointUri())
                .watchCertificate(signer.certificate().getNotAfter().toInstant()));
        registry.bind("keptMessages", new KeptMessages(operatorsBroker, new KeptMessages.Queues(
                property(properties, "bij.queue.rejected"), deadLetterQueue, property(properties, "bij.queue.delivery-failed")),
                Duration.ofDays(Long.parseLong(property(properties, "bij.retention.kept-messages-days"))), clock));
        registry.bind("dropFolder", new DropFolderSweep(Path.of(property(properties, "bij.delivery.outbox-dir")),
                Duration.ofDays(Long.parseLong(property(properties, "bij.delivery.outbox-sweep-days"))), clock));
        registry.bind("retention", new Retention(database.dataSource(), clock,
                Duration.ofDays(Long.parseLong(property(properties, "bij.retention.days"))),
                Duration.ofDays(Long.parseLong(property(properties, "bij.notice.resend-days")))));
    }

    /**
     * Production refuses every unsafe setting at once; development names them once, so that nobody takes a
     * development run for a production one.
     */
    private static Void checkReadiness(ProductionReadiness.Mode mode, ProductionReadiness.Facts facts) {
        List<String> problems = ProductionReadiness.problems(facts);
        if (problems.isEmpty()) {
            LOG.info("Running in {} mode", mode.label());
            return null;
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < problems.size(); i++) {
            list.append(System.lineSeparator()).append("  ").append(i + 1).append(". ").append(problems.get(i));
        }
        if (mode == ProductionReadiness.Mode.PRODUCTION) {
            throw new IllegalStateException("production mode refuses to start with " + problems.size()
                    + " unsafe setting(s) (bij.mode=production, or auto with an external broker or database):" + list);
        }
        LOG.warn("Running in DEVELOPMENT mode (bij.mode): not fit for production, because:{}", list);
        return null;
    }

    /** A certificate about to expire is said at every start, and by the alerts and a metric while it runs. */
    private static void warnOfExpiry(NoticeSigner signer, Clock clock) {
        Instant notAfter = signer.certificate().getNotAfter().toInstant();
        if (notAfter.isBefore(clock.instant().plus(Duration.ofDays(30)))) {
            LOG.warn("The signing certificate expires on {}: install the renewed one (bij.notice.signing.keystore)"
                    + " before then, or receivers will refuse the notices", notAfter);
        }
    }

    private static MailRelay mailRelay(PropertiesComponent p) {
        return new MailRelay(property(p, "bij.mail.host"), Integer.parseInt(property(p, "bij.mail.port")),
                property(p, "bij.mail.username"), property(p, "bij.mail.password"), property(p, "bij.mail.starttls"),
                Integer.parseInt(property(p, "bij.mail.connection-timeout-ms")), property(p, "bij.mail.ssl-trust"));
    }

    static Backoff backoff(PropertiesComponent p) {
        return new Backoff(Integer.parseInt(property(p, "bij.delivery.max-attempts")),
                Duration.ofMillis(Long.parseLong(property(p, "bij.delivery.retry-delay-ms"))),
                Double.parseDouble(property(p, "bij.delivery.retry-multiplier")),
                Duration.ofMillis(Long.parseLong(property(p, "bij.delivery.max-retry-delay-ms"))));
    }

    /** A municipality's own XML endpoint needs its Camel component on the classpath; say so at start-up, not at 3 am. */
    private static Void checkEndpoints(CamelContext context, Recipients recipients) {
        for (Recipient recipient : recipients.all()) {
            if (recipient.channel() == Channel.XML && !recipient.target().isEmpty()) {
                String scheme = recipient.target().substring(0, recipient.target().indexOf(':'));
                // resolved, not created: the jms component is added later, with the service's broker
                if (context.hasComponent(scheme) == null && !installed(context, scheme)) {
                    throw new IllegalStateException("recipients: municipality " + recipient.municipality() + " uses a "
                            + scheme + ": endpoint, but the Camel component for " + scheme + " is not installed");
                }
            }
        }
        return null;
    }

    private static boolean installed(CamelContext context, String scheme) {
        try {
            return org.apache.camel.support.PluginHelper.getComponentResolver(context)
                    .resolveComponent(scheme, context) != null;
        } catch (Exception notThere) {
            return false;
        }
    }

    /** Says in the log, not only on stderr, which file is wrong and where: that is what an operator reads first. */
    private static <T> T refuseToStartOnError(Supplier<T> loader) {
        try {
            return loader.get();
        } catch (RuntimeException e) {
            LOG.error("The service cannot start: {}", e.getMessage());
            throw e;
        }
    }

    /**
     * Local JMS transactions without a Spring transaction manager: the listener's session is transacted and
     * exposed to the route, so a send to the rejected queue joins the receive, and consumers stay cached.
     */
    private static JmsComponent jms(ActiveMQConnectionFactory connectionFactory) {
        // Camel resolves a queue by name for every send; without the cache, Artemis' client asks the broker whether
        // the queue exists each time, a blocking round trip inside the release event's transaction (issue 19)
        connectionFactory.setCacheDestinations(true);
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setDeliveryPersistent(true);
        return jms;
    }

    private static String startEmbeddedBrokerIfNeeded(CamelContext context, PropertiesComponent properties)
            throws Exception {
        String url = properties.resolveProperty("bij.broker.url").orElse("").strip();
        if (!url.isEmpty()) {
            return url;
        }
        BrokerSettings settings = brokerSettings(properties);
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        broker.start();
        context.addService(broker, true, false);
        return settings.url();
    }

    static BrokerSettings brokerSettings(PropertiesComponent p) {
        return new BrokerSettings(
                Path.of(property(p, "bij.data.dir")).resolve("broker"),
                property(p, "bij.broker.embedded.host"),
                Integer.parseInt(property(p, "bij.broker.embedded.port")),
                property(p, "bij.broker.user"),
                property(p, "bij.broker.password"),
                property(p, "bij.broker.justid.user"),
                property(p, "bij.broker.justid.password"),
                property(p, "bij.queue.releases"),
                property(p, "bij.queue.releases-undecided"),
                property(p, "bij.queue.rejected"),
                property(p, "bij.queue.deliveries"),
                property(p, "bij.queue.delivery-failed"),
                property(p, "bij.queue.dead-letter"),
                property(p, "bij.queue.expiry"),
                Integer.parseInt(property(p, "bij.broker.max-delivery-attempts")),
                Long.parseLong(property(p, "bij.broker.redelivery-delay-ms")),
                Double.parseDouble(property(p, "bij.broker.redelivery-multiplier")),
                Long.parseLong(property(p, "bij.broker.max-redelivery-delay-ms")),
                Long.parseLong(property(p, "bij.broker.embedded.memory-mb")),
                Long.parseLong(property(p, "bij.broker.embedded.max-message-mb")),
                property(p, "bij.broker.embedded.journal-type"),
                property(p, "bij.broker.embedded.journal-buffer-timeout-ns"));
    }

    static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::strip)
                .orElseThrow(() -> new IllegalStateException("Missing configuration property " + key));
    }
}
