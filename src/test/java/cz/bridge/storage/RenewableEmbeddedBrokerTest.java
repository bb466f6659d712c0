package cz.bridge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cz.bridge.config.BridgeProperties;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.server.config.impl.JMSConfigurationImpl;
import org.apache.activemq.artemis.jms.server.config.impl.JMSQueueConfigurationImpl;
import org.apache.activemq.artemis.jms.server.config.impl.TopicConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The broker BrokerSupervisor renews, made without starting it, and what the start says when it did not start. */
class RenewableEmbeddedBrokerTest {

    private static Configuration configuration() {
        return new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false);
    }

    @Test
    void whileTheNewServerIsMadeTheStoppedOneIsStillSeen() throws Exception {
        ActiveMQServer[] seenWhileMade = new ActiveMQServer[1];
        RenewableEmbeddedBroker broker = new RenewableEmbeddedBroker() {
            @Override
            public void createActiveMQServer() throws Exception {
                seenWhileMade[0] = getActiveMQServer();
                super.createActiveMQServer();
            }
        };
        broker.setConfiguration(configuration());
        broker.createActiveMQServer();
        ActiveMQServer first = broker.getActiveMQServer();
        assertThat(first).isNotNull();

        broker.renewServer();

        assertThat(seenWhileMade[0]).as("the server a health check sees while the new one is made").isSameAs(first);
        assertThat(broker.getActiveMQServer()).isNotNull().isNotSameAs(first);
    }

    @Test
    void aNewServerThatCannotBeMadeLeavesTheStoppedOne() throws Exception {
        boolean[] fail = {false};
        RenewableEmbeddedBroker broker = new RenewableEmbeddedBroker() {
            @Override
            public void createActiveMQServer() throws Exception {
                if (fail[0]) {
                    throw new IllegalStateException("cannot");
                }
                super.createActiveMQServer();
            }
        };
        broker.setConfiguration(configuration());
        broker.createActiveMQServer();
        ActiveMQServer first = broker.getActiveMQServer();
        fail[0] = true;

        assertThatThrownBy(broker::renewServer).hasMessage("cannot");

        assertThat(broker.getActiveMQServer()).isSameAs(first);
    }

    @Test
    void theBrokersQueuesAndTopicsAreSpringBootsEmbeddedOnes() {
        Configuration configuration = configuration();
        JMSConfigurationImpl jms = new JMSConfigurationImpl();
        jms.getQueueConfigurations().add(new JMSQueueConfigurationImpl().setName("q1"));
        jms.getTopicConfigurations().add(new TopicConfigurationImpl().setName("t1"));
        StaticListableBeanFactory customizers = new StaticListableBeanFactory();
        customizers.addBean("dlq", (ArtemisConfigurationCustomizer) config -> config.setIDCacheSize(7));

        new StorageConfiguration().embeddedActiveMq(configuration, jms,
                customizers.getBeanProvider(ArtemisConfigurationCustomizer.class));

        List<CoreAddressConfiguration> addresses = configuration.getAddressConfigurations();
        assertThat(addresses).filteredOn(a -> a.getName().equals("q1")).singleElement()
                .satisfies(a -> assertThat(a.getRoutingTypes()).containsExactly(RoutingType.ANYCAST))
                .satisfies(a -> assertThat(a.getQueueConfigs()).singleElement()
                        .satisfies(q -> assertThat(q.getName().toString()).isEqualTo("q1")));
        assertThat(addresses).filteredOn(a -> a.getName().equals("t1")).singleElement()
                .satisfies(a -> assertThat(a.getRoutingTypes()).containsExactly(RoutingType.MULTICAST));
        assertThat(configuration.getIDCacheSize()).isEqualTo(7);
    }

    private static BridgeProperties properties(Path data) {
        return new Binder(new MapConfigurationPropertySource(Map.of("bridge.demo", "true", "bridge.data-dir", data.toString(),
                "bridge.storage.lock-wait", "60s"))).bindOrCreate("bridge", BridgeProperties.class);
    }

    /** A server as a failed start leaves it (one never started counts as active). */
    private static ActiveMQServer notActive() {
        ActiveMQServer server = mock(ActiveMQServer.class);
        when(server.isActive()).thenReturn(false);
        return server;
    }

    /** A broker that gave up at once said another process most often holds its lock, and to wait for it (review 18). */
    @Test
    void aBrokerThatGaveUpAtOnceIsNotSaidToBeLockedOut(@TempDir Path data) throws Exception {
        RenewableEmbeddedBroker broker = new RenewableEmbeddedBroker() {
            @Override
            public ActiveMQServer getActiveMQServer() {
                return notActive();
            }
        };
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("broker", broker));

        assertThatThrownBy(() -> new StorageConfiguration().storageGuard(beans.getBeanProvider(EmbeddedActiveMQ.class), properties(data)))
                .hasMessageStartingWith("the embedded broker did not start: it gave up after 0 ms, so no other process holds its lock;")
                .hasMessageContaining(data.resolve("artemis").toString()).hasMessageNotContaining("BRIDGE_STORAGE_LOCK_WAIT");
    }

    @Test
    void aBrokerThatWaitedTheLockWaitIsSaidToBeLockedOut(@TempDir Path data) throws Exception {
        RenewableEmbeddedBroker broker = new RenewableEmbeddedBroker() {
            @Override
            public Duration lastStart() {
                return Duration.ofSeconds(60);
            }

            @Override
            public ActiveMQServer getActiveMQServer() {
                return notActive();
            }
        };
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("broker", broker));

        assertThatThrownBy(() -> new StorageConfiguration().storageGuard(beans.getBeanProvider(EmbeddedActiveMQ.class), properties(data)))
                .hasMessageStartingWith("the embedded broker did not start within BRIDGE_STORAGE_LOCK_WAIT (60 s;")
                .hasMessageContaining("most often another process holds the lock of its journal in " + data.resolve("artemis"));
    }
}
