package cz.bridge.config;

import java.time.Clock;
import java.util.List;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.StartupListener;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jms.connection.JmsTransactionManager;

/** Beans every package shares: clock, broker and its queue settings, camel-jms and its transaction. */
@Configuration(proxyBeanMethods = false)
public class BridgeConfiguration {

    /**
     * bridge.last-state's memory, and what it reads back from its pages: some 10,000 agents' states at about 1.5 KB by the
     * broker's estimate, within HEAP_FOR_THE_BRIDGE's room. A bound all the same: a template that sends a call's id as
     * the user (a new agent per callback) filled the heap with last states, and again at each start from the journal.
     */
    static final int LAST_STATE_BYTES = 16 << 20;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** ${field(variable.state.user)} in the route files: Camel finds the function among the beans by its name. */
    @Bean
    FieldFunction fieldFunction() {
        return new FieldFunction();
    }

    /**
     * A routes folder without one of the bridge's route files stops the start, naming the files to
     * copy: checked when Camel has read the route files, before it starts any route.
     */
    @Bean
    CamelContextConfiguration requiredRoutesPresent(Environment env) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                addStartupListener(camel, (context, alreadyStarted) -> {
                    if (alreadyStarted) {
                        return; // a route file reloaded: its routes come back one by one, so some are missing for a moment
                    }
                    List<String> missing = SharedNames.REQUIRED_ROUTES.entrySet().stream()
                            .filter(route -> context.getRoute(route.getKey()) == null)
                            .map(route -> route.getValue() + " (route " + route.getKey() + ")").sorted().toList();
                    if (!missing.isEmpty()) {
                        throw new SettingRefused("the routes folder " + env.getProperty("bridge.routes-dir")
                                + " (BRIDGE_ROUTES_DIR) lacks " + String.join(", ", missing), "copy them from this "
                                + "release's routes folder (one from an older release lacks the files added since)");
                    }
                });
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }

    private static void addStartupListener(CamelContext camel, StartupListener listener) {
        try {
            camel.addStartupListener(listener); // throws only when it runs the listener at once, Camel being started
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    /**
     * The broker transaction of routes/callback.camel.yaml's store-events route (transacted, ref
     * brokerTransaction): the camel-jms sends inside it join one local JMS transaction on the
     * connection factory camel-jms uses, committed (one journal sync) when the route ends, rolled
     * back when a send fails. The transaction manager is not a bean of its own, so that Spring
     * Boot's transaction auto-configuration does not take it for the application's.
     */
    @Bean
    SpringTransactionPolicy brokerTransaction(ConnectionFactory connectionFactory) {
        return new SpringTransactionPolicy(new JmsTransactionManager(connectionFactory));
    }

    @Bean
    static ArtemisClientTuning artemisClientTuning() {
        return new ArtemisClientTuning();
    }

    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory) {
        return JmsComponent.jmsComponent(connectionFactory);
    }

    static final int DELIVERY_CONSUMER_WINDOW_BYTES = 16 * 1024;
    /** Groups of agents on bridge.events: far more than delivery threads, so that agents rarely share one by chance. */
    public static final int AGENT_GROUP_BUCKETS = 1024;

    /**
     * The bridge's queues (Spring Boot's embedded broker takes address settings only this way): redelivery at once,
     * as the routes retry and park; on bridge.events max-delivery-attempts, then bridge.dead (created at start:
     * spring.artemis.embedded.queues), is the last guard against an event that cannot be parked (docs/security.md,
     * "No poison loops").
     */
    @Bean
    ArtemisConfigurationCustomizer bridgeQueues(BridgeProperties properties) {
        return configuration -> {
            configuration.addAddressSetting("bridge.#", new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    // a delayed redelivery would let the agent's next event overtake the one rolled back;
                    // the pause between attempts is the routes' (parking.camel.yaml), which hold the agent's group meanwhile
                    .setRedeliveryDelay(0));
            // one message per agent, the last one stored (LastStates); what expires (a logged-out agent's state
            // after BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER) is dropped, not moved to the catch-all ExpiryQueue
            configuration.addAddressSetting(SharedNames.LAST_STATE_QUEUE, new AddressSettings()
                    .setDefaultLastValueQueue(true)
                    .setExpiryAddress(SimpleString.of(""))
                    .setAutoDeleteQueues(false)
                    .setAutoDeleteAddresses(false)
                    // nothing consumes it, and only what is in memory replaces an agent's state: paged, its pages are
                    // read back while it holds less than its read-ahead in memory. With the 1 MB of every other address,
                    // more than about 700 agents' states, they were never read and grew with each later state
                    // (LastStatePagingTest); with as much as it may hold, they are read back until it is full
                    .setMaxSizeBytes(LAST_STATE_BYTES)
                    .setPrefetchPageBytes(LAST_STATE_BYTES)
                    .setMaxReadPageBytes(LAST_STATE_BYTES));
            configuration.addAddressSetting(SharedNames.EVENTS_QUEUE, new AddressSettings()
                    // 16 KB of waiting events per delivery thread, not Artemis's 1 MB, bounds the heap under a backlog
                    // (bench/README.md); set on the queue, not the client, so browsing bridge.last-state keeps the large window
                    .setDefaultConsumerWindowSize(DELIVERY_CONSUMER_WINDOW_BYTES)
                    // agents (JMSXGroupID) hashed into a fixed number of groups, each agent's events still to one
                    // delivery thread in order: by default the queue keeps every agent it has seen, for as long as its
                    // consumers live, and 100-event callbacks of new names ran the heap full
                    .setDefaultGroupBuckets(AGENT_GROUP_BUCKETS)
                    .setMaxDeliveryAttempts(properties.delivery().maxDeliveryAttempts())
                    .setDeadLetterAddress(SimpleString.of(SharedNames.DEAD_QUEUE))
                    .setAutoCreateDeadLetterResources(false)
                    .setRedeliveryDelay(0));
            // full = less than half the minimum free space, checked every second, not a usage percentage: callbacks
            // are refused below the whole of it (StorageGuard, at each callback), so that none meets the broker's block;
            // the margin lets deliveries, parkings and repairs still be recorded while callbacks are refused.
            // The percentage off (-1), not 100: with both set, Artemis says at every start that one overrides the other (AMQ224130)
            configuration.setMaxDiskUsage(-1);
            configuration.setMinDiskFree(properties.storage().minFree().toBytes() / 2);
            configuration.setDiskScanPeriod(1000);
        };
    }
}
