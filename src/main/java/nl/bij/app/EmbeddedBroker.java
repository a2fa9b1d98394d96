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

    /**
     * The journal buffer time-out {@code artemis create} measured on the reference machine (2 cores, ext4 on a
     * virtual disk): ASYNCIO 62.5 synced writes per ms, NIO 10.4. It is how long the journal gathers writes before
     * one sync; Artemis' own default for NIO (3.3 ms) made every transaction wait that long here.
     */
    private static final int MEASURED_AIO_NS = 16_000;
    private static final int MEASURED_NIO_NS = 96_000;

    @Override
    protected void doStart() throws Exception {
        Configuration configuration = configuration();
        broker.setConfiguration(configuration);
        broker.setSecurityManager(securityManager());
        broker.start();
        LOG.info("Embedded Artemis broker listening on {} with its journal in {} ({}, buffer time-out {} ns)",
                settings.url(), settings.dataDir().toAbsolutePath(), configuration.getJournalType(),
                configuration.getJournalType() == JournalType.ASYNCIO ? configuration.getJournalBufferTimeout_AIO()
                        : configuration.getJournalBufferTimeout_NIO());
    }

    /**
     * ASYNCIO (Linux libaio, with O_DIRECT) where the native library loads and the journal's file system takes it,
     * else NIO; as {@code artemis create} chooses. Durability is the same for both and for any buffer time-out: a
     * transaction's commit returns only once its records are synced to disk (journal-datasync stays on), the time-out
     * only decides how long writes are gathered before that sync.
     */
    private void journal(Configuration config, java.nio.file.Path journalDir) throws java.io.IOException {
        String wanted = settings.journalType().strip().toUpperCase(java.util.Locale.ROOT);
        java.nio.file.Files.createDirectories(journalDir);
        boolean aio = switch (wanted) {
            case "ASYNCIO" -> true;
            case "NIO" -> false;
            // the native library (libartemis-native-64.so, in activemq-artemis-native's jar) must be on
            // java.library.path, as the Artemis distribution's launcher arranges; otherwise NIO
            case "AUTO" -> org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory.isSupported(journalDir.toFile());
            default -> throw new IllegalStateException("bij.broker.embedded.journal-type must be auto, ASYNCIO or NIO,"
                    + " not '" + settings.journalType() + "'");
        };
        String timeout = settings.journalBufferTimeoutNs().strip();
        config.setJournalType(aio ? JournalType.ASYNCIO : JournalType.NIO).setJournalDatasync(true);
        if (aio) {
            config.setJournalBufferTimeout_AIO(timeout.isEmpty() ? MEASURED_AIO_NS : Integer.parseInt(timeout));
        } else {
            config.setJournalBufferTimeout_NIO(timeout.isEmpty() ? MEASURED_NIO_NS : Integer.parseInt(timeout));
        }
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
        journal(config, dir.resolve("journal"));
        config.addAddressSetting("#", addressSettings());
        // a release message that leaves its queue undecided carries Justid's aftercare block: it goes to a queue the
        // service empties at once into the dead-letter queue, the block removed (the route bij-intake-undecided)
        config.addAddressSetting(settings.releaseQueue(), addressSettings()
                .setDeadLetterAddress(SimpleString.of(settings.releaseUndecidedQueue()))
                .setExpiryAddress(SimpleString.of(settings.releaseUndecidedQueue())));
        for (String queue : List.of(settings.releaseQueue(), settings.releaseUndecidedQueue(), settings.rejectedQueue(),
                settings.deliveryQueue(), settings.deliveryFailedQueue(), settings.deadLetterQueue(),
                settings.expiryQueue())) {
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
