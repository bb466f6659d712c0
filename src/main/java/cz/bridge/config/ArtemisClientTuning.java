package cz.bridge.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Artemis's JMS client asks the broker whether a queue exists each time a session names it, a
 * blocking round trip on every callback stored; with cached destinations it asks once per
 * session. Spring Boot builds the Artemis factory itself (embedded or ARTEMIS_URL) and offers
 * no customizer for it, so the setting is made on the factory it wraps before first use.
 */
public class ArtemisClientTuning implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Object factory = bean instanceof CachingConnectionFactory caching ? caching.getTargetConnectionFactory() : bean;
        if (factory instanceof ActiveMQConnectionFactory artemis) {
            artemis.setCacheDestinations(true);
        }
        return bean;
    }
}
