package cz.bridge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.jms.server.config.impl.JMSConfigurationImpl;
import org.apache.activemq.artemis.jms.server.config.impl.JMSQueueConfigurationImpl;
import org.apache.activemq.artemis.jms.server.config.impl.TopicConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;

/** The broker BrokerSupervisor renews, made without starting it. */
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
}
