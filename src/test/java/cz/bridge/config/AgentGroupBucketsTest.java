package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An upgrade: a bridge.events that a bridge stored before its agents were hashed into groups (2026-12-06) had no buckets
 * (-1, a group kept for every agent name), and the address setting alone, read only when a queue is made, left it so at
 * every start. The bridge's broker settings, applied to that broker's data, give it the buckets and keep its events.
 */
class AgentGroupBucketsTest {

    @TempDir
    Path data;

    @Test
    void aQueueStoredBeforeTheBucketsGetsThemAtTheNextStartWithItsEvents() throws Exception {
        // its audit log off, as the bridge's own broker has it (application.yml): on, Artemis 2.40 asks
        // Subject.getSubject for the caller as it starts, which Java 25 no longer supports
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.activemq.audit")).setLevel(Level.WARN);
        // as an earlier bridge left it: made by the first send, its groups unbounded
        EmbeddedActiveMQ before = start(configuration -> { });
        try {
            send("stored before the upgrade");
            assertThat(events(before).getGroupBuckets()).isEqualTo(-1);
        } finally {
            before.stop();
        }

        new ApplicationContextRunner().withUserConfiguration(EmbeddedDefaultsTest.PropertiesOnly.class)
                .withPropertyValues("bridge.demo=true").run(context -> {
                    BridgeProperties properties = context.getBean(BridgeProperties.class);
                    EmbeddedActiveMQ after = start(configuration -> new BridgeConfiguration().bridgeQueues(properties).customize(configuration));
                    try {
                        assertThat(events(after).getGroupBuckets()).isEqualTo(BridgeConfiguration.AGENT_GROUP_BUCKETS);
                        assertThat(events(after).getMessageCount()).as("the event stored before").isEqualTo(1);
                    } finally {
                        after.stop();
                    }
                });
    }

    @Test
    void aNewBrokerMakesTheQueueAtStartWithTheBuckets() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.activemq.audit")).setLevel(Level.WARN);
        new ApplicationContextRunner().withUserConfiguration(EmbeddedDefaultsTest.PropertiesOnly.class)
                .withPropertyValues("bridge.demo=true").run(context -> {
                    BridgeProperties properties = context.getBean(BridgeProperties.class);
                    EmbeddedActiveMQ broker = start(configuration -> new BridgeConfiguration().bridgeQueues(properties).customize(configuration));
                    try {
                        assertThat(events(broker)).as("made at start, before any send").isNotNull();
                        assertThat(events(broker).getGroupBuckets()).isEqualTo(BridgeConfiguration.AGENT_GROUP_BUCKETS);
                        assertThat(events(broker).isDurable()).isTrue();
                    } finally {
                        broker.stop();
                    }
                });
    }

    private EmbeddedActiveMQ start(Consumer<Configuration> settings) throws Exception {
        Configuration configuration = new ConfigurationImpl().setPersistenceEnabled(true).setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalDirectory(data.resolve("journal").toString()).setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString()).setLargeMessagesDirectory(data.resolve("large").toString())
                .addAcceptorConfiguration("in-vm", "vm://77");
        settings.accept(configuration);
        return new EmbeddedActiveMQ().setConfiguration(configuration).start();
    }

    private static void send(String text) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://77"); Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(SharedNames.EVENTS_QUEUE)).send(session.createTextMessage(text));
        }
    }

    private static Queue events(EmbeddedActiveMQ broker) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(SharedNames.EVENTS_QUEUE));
    }
}
