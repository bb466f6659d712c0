package cz.bridge.intake;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.net.SocketEvent;

/**
 * Every request on the callback port whose announced body nobody read is answered and its connection closed: Tomcat
 * would read ("swallow") the rest after the answer, up to 2 MB at the sender's pace, each read waiting up to the
 * connection timeout, on a thread of the port's pool. Java, and around Tomcat's adapter rather than in a valve:
 * requests Tomcat answers itself (a TRACE, a path it cannot decode, OPTIONS *) pass no valve, and Tomcat has no
 * setting for it (max-swallow-size 0 still waits for the first read, and a chunk header read a byte at a time).
 */
final class UnreadBodyCloses implements Adapter {

    private final Adapter tomcats;

    UnreadBodyCloses(Adapter tomcats) {
        this.tomcats = tomcats;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        try {
            tomcats.service(request, response);
        } finally {
            closeIfUnread(request);
        }
    }

    @Override
    public boolean asyncDispatch(Request request, Response response, SocketEvent status) throws Exception {
        try {
            return tomcats.asyncDispatch(request, response, status);
        } finally {
            closeIfUnread(request);
        }
    }

    /** After the answer (an asynchronous request's once it has ended): the processor swallows what is left after this. */
    private static void closeIfUnread(Request request) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return;
        }
        AtomicBoolean flag = new AtomicBoolean();
        request.action(ActionCode.ASYNC_IS_ASYNC, flag);
        if (flag.get()) {
            return;
        }
        request.action(ActionCode.REQUEST_BODY_FULLY_READ, flag);
        if (!flag.get()) {
            request.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    @Override
    public boolean prepare(Request request, Response response) throws Exception {
        return tomcats.prepare(request, response);
    }

    @Override
    public void log(Request request, Response response, long time) {
        tomcats.log(request, response, time);
    }

    @Override
    public void checkRecycled(Request request, Response response) {
        tomcats.checkRecycled(request, response);
    }

    @Override
    public String getDomain() {
        return tomcats.getDomain();
    }
}
