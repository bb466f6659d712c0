package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Collections;
import java.util.List;

import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery route's policy on camel-jms's message (the route's wiring and the deliveries through it: DeliveryFaultsTest). */
class PlainMessageFirstTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final PlainMessageFirst policy = new PlainMessageFirst();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void aReceivedJmsMessageBecomesAPlainOneWithItsTextAndHeaders() throws Exception {
        TextMessage stored = mock(TextMessage.class);
        when(stored.getText()).thenReturn("{\"id\":\"d-1\",\"user\":\"jnovak\"}");
        when(stored.getPropertyNames()).thenReturn(Collections.enumeration(List.of("JMSXGroupID")));
        when(stored.getObjectProperty("JMSXGroupID")).thenReturn("jnovak");
        when(stored.getJMSTimestamp()).thenReturn(1_795_510_000_000L);
        Exchange exchange = new DefaultExchange(camel);
        exchange.setIn(new JmsMessage(exchange, stored, null, new JmsBinding()));

        policy.onExchangeBegin(null, exchange);

        Message plain = exchange.getMessage();
        assertThat(plain.getClass()).isEqualTo(DefaultMessage.class);
        assertThat(plain.getBody(String.class)).isEqualTo("{\"id\":\"d-1\",\"user\":\"jnovak\"}");
        assertThat(plain.getHeader("JMSXGroupID")).isEqualTo("jnovak");
        assertThat(plain.getHeader("JMSTimestamp")).isEqualTo(1_795_510_000_000L);
        // what the route's error handler does before each step: a plain message copies as a plain one
        assertThat(exchange.copy().getMessage().getClass()).isEqualTo(DefaultMessage.class);
    }

    @Test
    void aPlainMessageIsLeftAsItIs() {
        Exchange exchange = new DefaultExchange(camel);
        Message plain = exchange.getMessage();
        plain.setBody("text");

        policy.onExchangeBegin(null, exchange);

        assertThat(exchange.getMessage()).isSameAs(plain);
    }
}
