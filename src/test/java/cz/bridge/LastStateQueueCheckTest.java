package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Enumeration;

import cz.bridge.config.SharedNames;
import cz.bridge.reconcile.LastStateQueueCheck;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The broker configured wrongly: its queue bridge.last-state declared as a plain queue, as an external
 * broker has it without the address setting docs/operating.md asks for. The bridge finds out at start
 * and readiness says what to configure (DEGRADED, 200: callbacks still work); its check (a query) leaves nothing
 * in the queue. The right setting (the embedded default) is checked in LastStatesTest. A context of
 * its own, closed afterwards.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(LastStateQueueCheckTest.PlainLastStateQueue.class)
class LastStateQueueCheckTest extends BridgeIntegrationTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class PlainLastStateQueue {
        /** Declared before the bridge's address setting could make it a last-value queue. */
        @Bean
        ArtemisConfigurationCustomizer plainLastStateQueue() {
            return configuration -> configuration.addQueueConfiguration(QueueConfiguration.of(SharedNames.LAST_STATE_QUEUE)
                    .setAddress(SharedNames.LAST_STATE_QUEUE).setRoutingType(RoutingType.ANYCAST).setLastValue(false));
        }
    }

    @Autowired
    LastStateQueueCheck check;

    @Test
    void aLastStateQueueThatIsNotALastValueQueueIsReportedWithWhatToConfigure() {
        assertThat(check.lastValue()).isFalse();
        var health = management("GET", "/actuator/health/readiness", null, true);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"lastStateQueue\"").contains("DEGRADED")
                .contains("is not a last-value queue")
                .contains("<address-setting match=\\\"bridge.last-state\\\"><default-last-value-queue>true</default-last-value-queue></address-setting>");
        // the check's own messages were taken out again
        int left = jms.browse(SharedNames.LAST_STATE_QUEUE, (session, browser) -> {
            int count = 0;
            for (Enumeration<?> messages = browser.getEnumeration(); messages.hasMoreElements(); messages.nextElement()) {
                count++;
            }
            return count;
        });
        assertThat(left).isZero();
    }
}
