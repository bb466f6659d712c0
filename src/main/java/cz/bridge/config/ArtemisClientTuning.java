package cz.bridge.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Settings of Artemis's JMS client that Spring Boot does not offer (it builds the factory itself,
 * embedded or ARTEMIS_URL, with no customizer), made on the factory it wraps before first use:
 * <ul>
 * <li>cached destinations: otherwise the client asks the broker whether a queue exists each time
 * a session names it, a blocking round trip on every callback stored;</li>
 * <li>a small consumer window: by default each of the deliveries in parallel takes up to 1 MB of
 * waiting events from the broker into its own buffer, ahead of delivering them. With a backlog
 * that was 16,000 events held in the heap beside the broker's own (about three times their
 * size on the wire), and the 128 MB heap of jvm.options ran full (bench/README.md).</li>
 * </ul>
 */
public class ArtemisClientTuning implements BeanPostProcessor {

    static final int CONSUMER_WINDOW_BYTES = 16 * 1024;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Object factory = bean instanceof CachingConnectionFactory caching ? caching.getTargetConnectionFactory() : bean;
        if (factory instanceof ActiveMQConnectionFactory artemis) {
            artemis.setCacheDestinations(true);
            artemis.setConsumerWindowSize(CONSUMER_WINDOW_BYTES);
        }
        return bean;
    }
}
