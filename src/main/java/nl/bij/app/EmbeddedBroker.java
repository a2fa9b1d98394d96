package nl.bij.app;

import java.util.List;
import java.util.Set;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis broker of the default run: persistent journal under the data folder, one acceptor on loopback,
 * login required. Justid's user may only send to the release queue; the service's user does the rest.
 * Production leaves this off by configuring {@code bij.broker.url}.
 *
 * <p>A Camel service so that it stops after the routes that consume from it.
 */
final class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");
    private static final String SERVICE_ROLE = "bij-service";
    private static final String JUSTID_ROLE = "justid";

    private final BrokerSettings settings;
    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();

    EmbeddedBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doStart() throws Exception {
        broker.setConfiguration(configuration());
        broker.setSecurityManager(securityManager());
        broker.start();
        LOG.info("Embedded Artemis broker listening on {} with its journal in {}", settings.url(),
                settings.dataDir().toAbsolutePath());
    }

    @Override
    protected void doStop() throws Exception {
        broker.stop();
    }

    private Configuration configuration() throws Exception {
        var dir = settings.dataDir();
        Configuration config = new ConfigurationImpl()
                .setName("bij-embedded")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                // a backlog beyond this is paged to disk (in order, still durable) instead of filling the heap
                .setGlobalMaxSize(settings.memoryMb() * 1024 * 1024)
                .addAcceptorConfiguration("tcp", settings.url() + "?protocols=CORE");
        config.registerBrokerPlugin(new MessageSizeLimit(settings.releaseQueue(), settings.maxMessageMb() * 1024 * 1024));
        config.addAddressSetting("#", addressSettings());
        for (String queue : List.of(settings.releaseQueue(), settings.rejectedQueue(), settings.deliveryQueue(),
                settings.deliveryFailedQueue(), settings.deadLetterQueue(), settings.expiryQueue())) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true).setAutoDelete(false));
        }
        config.putSecurityRoles("#", Set.of(role(SERVICE_ROLE, true)));
        config.putSecurityRoles(settings.releaseQueue(), Set.of(role(SERVICE_ROLE, true), role(JUSTID_ROLE, false)));
        return config;
    }

    /** Redelivery with backoff for transient failures, then the dead-letter queue; never silent deletion. */
    private AddressSettings addressSettings() {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(settings.deadLetterQueue()))
                .setExpiryAddress(SimpleString.of(settings.expiryQueue()))
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false)
                .setMaxDeliveryAttempts(settings.maxDeliveryAttempts())
                .setRedeliveryDelay(settings.redeliveryDelayMs())
                .setRedeliveryMultiplier(settings.redeliveryMultiplier())
                .setMaxRedeliveryDelay(settings.maxRedeliveryDelayMs())
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false);
    }

    /** The service may do everything; Justid may only send (and see that the queue exists). */
    private static Role role(String name, boolean service) {
        boolean send = true;
        boolean consume = service;
        boolean createDurable = service;
        boolean deleteDurable = service;
        boolean createNonDurable = service;
        boolean deleteNonDurable = service;
        boolean manage = service;
        boolean browse = service;
        boolean createAddress = service;
        boolean deleteAddress = service;
        boolean view = service;
        boolean edit = service;
        return new Role(name, send, consume, createDurable, deleteDurable, createNonDurable, deleteNonDurable,
                manage, browse, createAddress, deleteAddress, view, edit);
    }

    private ActiveMQJAASSecurityManager securityManager() {
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(settings.serviceUser(), settings.servicePassword());
        users.addRole(settings.serviceUser(), SERVICE_ROLE);
        users.addUser(settings.justidUser(), settings.justidPassword());
        users.addRole(settings.justidUser(), JUSTID_ROLE);
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
    }
}
