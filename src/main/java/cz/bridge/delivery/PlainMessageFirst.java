package cz.bridge.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.RoutePolicySupport;

/**
 * The route policy of delivery.camel.yaml's deliver-agent-state: the stored text and the JMS headers in a plain
 * message as the exchange enters the route, as Camel's transform does. Java because no step can do it there: the
 * route's error handler (delivery-errors, on this route for the reload's sake) copies the exchange before its first
 * step, and every copy of camel-jms's message throws and catches a NullPointerException (Camel 4.18's
 * JmsMessage.newInstance asks a missing JMS message whether it was redelivered), a measurable share of the
 * CPU of a backlog's delivery (bench/README.md). A route policy runs before the route's steps and their
 * error handler.
 */
public class PlainMessageFirst extends RoutePolicySupport {

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        Message received = exchange.getMessage();
        if (received.getClass() != DefaultMessage.class) {
            Message plain = new DefaultMessage(exchange.getContext());
            plain.copyFromWithNewBody(received, received.getBody());
            ExchangeHelper.replaceMessage(exchange, plain, false);
        }
    }
}
