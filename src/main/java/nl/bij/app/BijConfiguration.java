package nl.bij.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.eligibility.EligibilityRules;
import nl.bij.intake.JmsIntake;
import nl.bij.intake.ReleaseEventReader;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.state.DecisionLog;
import nl.bij.state.Decisions;
import nl.bij.state.InMemoryDecisionLog;

/**
 * The composition root: builds the broker connection and the beans the routes call, from configuration.
 * camel-main runs it at start-up ({@code camel.main.configuration-classes}); tests call it on their own context,
 * so they run the same wiring.
 */
public final class BijConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BijConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        // the law and the municipalities first: a wrong file must stop the service before the broker starts
        DataFiles data = new DataFiles(context);
        EligibilityRules rules = refuseToStartOnError(data::eligibilityRules);
        MunicipalityRegister municipalities = refuseToStartOnError(data::municipalities);

        String brokerUrl = startEmbeddedBrokerIfNeeded(context, properties);
        context.addComponent("jms", jms(new ActiveMQConnectionFactory(brokerUrl,
                property(properties, "bij.broker.user"), property(properties, "bij.broker.password"))));

        var registry = context.getRegistry();
        registry.bind("intake", new JmsIntake(new ReleaseEventReader(),
                Long.parseLong(property(properties, "bij.intake.max-message-bytes")),
                Integer.parseInt(property(properties, "bij.intake.kept-head-bytes"))));
        DecisionLog decisionLog = new InMemoryDecisionLog();
        registry.bind("decisionLog", decisionLog);
        registry.bind("decisions", new Decisions(decisionLog, rules, municipalities, Clock.systemUTC()));
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
                property(p, "bij.queue.rejected"),
                property(p, "bij.queue.dead-letter"),
                property(p, "bij.queue.expiry"),
                Integer.parseInt(property(p, "bij.broker.max-delivery-attempts")),
                Long.parseLong(property(p, "bij.broker.redelivery-delay-ms")),
                Double.parseDouble(property(p, "bij.broker.redelivery-multiplier")),
                Long.parseLong(property(p, "bij.broker.max-redelivery-delay-ms")));
    }

    static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::strip)
                .orElseThrow(() -> new IllegalStateException("Missing configuration property " + key));
    }
}
