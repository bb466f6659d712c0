package cz.bridge.intake;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.logging.OneLine;
import cz.bridge.logging.RateLimitedLog;
import cz.bridge.monitoring.BridgeMetrics;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.BadRequestException;
import org.apache.coyote.ContinueResponseTiming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public callback port's door: a Tomcat valve every POST passes, whatever its path, before Spring or Camel
 * read it (platform-http reads the whole body before the route runs, too late for checks in the route). Its checks
 * and their order: docs/security.md and docs/decisions.md, "Order of checks" (a form's encoding is checked here
 * because Camel's binding answered a broken one 500 and replaced bad bytes silently). A valve, not a servlet
 * filter, so that after a refusal Tomcat can drop the rest of the body and close instead of swallowing it from a
 * slow sender. The body read is handed on unchanged; another method than POST passes to Spring, and one carrying
 * the right secret (Daktela's action set to GET or PUT) is logged at most once a minute.
 */
public class CallbackDoor extends ValveBase {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDoor.class);
    /** A Tomcat note (not visible to the application) on a request that has passed the door. */
    private static final String PASSED = CallbackDoor.class.getName() + ".passed";
    /** How long the rest of a refused small body may take to arrive before the connection is cut. */
    private static final Duration REFUSED_BODY_GRACE = Duration.ofSeconds(1);
    /**
     * How many refusals may wait for their rest at once. Each waits on a thread of the port's pool:
     * without a bound, a few hundred senders without the secret a second, each announcing a body and
     * not sending it, held every thread and good callbacks waited seconds for one.
     */
    private static final int MAX_WAITING_REFUSALS = 16;
    /** A form is one event, a few fields: 256 KB of "0=&1=&…" would be 44,000 fields made two maps in the heap. */
    static final int MAX_FORM_FIELDS = 100;
    /** At most one line per this for the door's 401s, one for its other refusals and one for the route's: whoever sends them decides how many. */
    static final Duration REFUSALS_LOGGED_EVERY = Duration.ofSeconds(10);

    private final byte[] secret;
    private final String secretHeader;
    private final long maxBodyBytes;
    private final Duration bodyReadTimeout;
    private final ObjectMapper json;
    private final BridgeMetrics metrics;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, REFUSALS_LOGGED_EVERY);
    /** The 401s, a line of their own: a stranger's requests without the secret would otherwise keep Daktela's refusals out of the log. */
    private final RateLimitedLog withoutSecret = new RateLimitedLog(LOG, REFUSALS_LOGGED_EVERY);
    private final RateLimitedLog wrongMethod = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final Semaphore waitingRefusals = new Semaphore(MAX_WAITING_REFUSALS);

    public CallbackDoor(String secret, String secretHeader, long maxBodyBytes, Duration bodyReadTimeout,
                        ObjectMapper json, BridgeMetrics metrics) {
        super(true);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.secretHeader = secretHeader;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyReadTimeout = bodyReadTimeout;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        // only POSTs carry callbacks (platform-http answers anything else 405 without reading a body);
        // platform-http answers in an async dispatch of the same request, which passes here again
        if (!"POST".equals(request.getMethod()) || request.getNote(PASSED) != null) {
            getNext().invoke(request, response);
            if (request.getNote(PASSED) == null && response.getStatus() >= 400 && secretGiven(request)) {
                // Daktela's HTTP action with another method than POST: Spring answers it (405, 404) and logs nothing,
                // which left the operator without a word on why no event arrived. Without the secret: not logged
                wrongMethod.warn("A request with the right callback secret came from {} as {} {} and was answered {}: nothing "
                        + "was accepted; set the method of Daktela's HTTP action to POST", OneLine.of(request.getRemoteAddr(), 100),
                        OneLine.of(request.getMethod(), 20), OneLine.of(request.getRequestURI(), 200), response.getStatus());
            }
            // answered (405, 404, an OPTIONS' 200) without reading the body: its connection is closed (UnreadBodyCloses)
            return;
        }
        request.setNote(PASSED, Boolean.TRUE);
        if (!secretGiven(request)) {
            String header = request.getHeader(secretHeader);
            boolean missing = (header == null || header.isEmpty()) && secretFromQuery(request.getQueryString()) == null;
            refuse(request, response, 401, (missing ? "missing" : "wrong") + " callback secret: send it in header "
                    + secretHeader + " or in the query parameter 'secret'");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            refuse(request, response, 413, tooLarge("body of " + declared + " bytes"));
            return;
        }
        // every Content-Encoding header, not the first: "identity" then "gzip" is a compressed body
        for (String encoding : Collections.list(request.getHeaders("Content-Encoding"))) {
            if (!encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
                // read as it is, a compressed body would be refused as "not UTF-8", which sends the sender the wrong way
                refuse(request, response, 415, "Content-Encoding '" + OneLine.of(encoding, 40) + "' is not accepted: send the body uncompressed");
                return;
            }
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType();
        boolean form = CallbackIntake.isForm(contentType);
        boolean json = !form && CallbackIntake.isJson(contentType);
        if (!form && !json) {
            // here, not in the route: Camel's binding reads a form from any Content-Type that merely contains the form's
            // type (text/plain;x=application/x-www-form-urlencoded), and its failure was a 500 with the body in the log
            refuse(request, response, 415, CallbackIntake.notAccepted(contentType));
            return;
        }
        if (request.getCoyoteRequest().hasExpectation()) {
            // "Expect: 100-continue": Tomcat sends the 100 only in the context's valve, after this door, so a sender waiting
            // for it before its body waited here (curl for 1 s, others until the read timeout's 408: nothing accepted).
            // Sent once the checks that need no body have passed; not again by Tomcat
            response.sendAcknowledgement(ContinueResponseTiming.ALWAYS);
            request.getCoyoteRequest().setExpectation(false);
        }
        byte[] body;
        try {
            body = readBody(request.getInputStream(), declared);
        } catch (BodyTooLarge e) {
            refuse(request, response, 413, tooLarge("body of more than " + maxBodyBytes + " bytes"));
            return;
        } catch (IOException slowOrGone) {
            // our deadline, Tomcat's read timeout, or the sender went away. Tomcat answers its read timeout with
            // sendError(408), which drops what is written after it for its error page (Spring's JSON): undone
            response.resetError();
            response.setSuspended(false);
            if (slowOrGone instanceof BadRequestException broken && broken.getCause() == null) {
                // Tomcat's own reading of the framing (a chunk size that is no hex number, an over-long chunk extension
                // or trailer; its read timeout comes wrapped, with a cause): the sender's error, which a resend repeats
                refuse(request, response, 400, "the body's chunked framing is broken (" + OneLine.of(broken.getMessage(), 200)
                        + "): send the body with Content-Length, or well-formed chunks");
                return;
            }
            refuse(request, response, 408, "the body did not arrive within " + bodyReadTimeout.toSeconds()
                    + " s; nothing was accepted, send it again");
            return;
        }
        if (form) {
            // Camel's form binding answers an empty pair (a trailing '&', a template's '&&') 500: they say nothing, so they go
            body = withoutEmptyPairs(body);
        }
        String problem = form ? formEncodingProblem(body) : jsonEncodingProblem(body);
        if (problem != null) {
            refuse(request, response, 400, problem);
            return;
        }
        // Camel's binding sees a type it leaves alone, and the intake reads the type as sent (the header) and the body
        // itself: the binding split as a form whatever type held the form's (application/x-www-form-urlencoded+json,
        // answered 500), only in lower case, and decoded a form's names twice (CallbackIntake.formFields)
        request.setRequest(new CachedBody(request.getRequest(), body, form ? "application/octet-stream" : "application/json"));
        getNext().invoke(request, response);
    }

    /** The callback port's own answers (the door's, DirectPlatformHttp's): {"error": …} in UTF-8 JSON, as the routes answer. */
    static void writeError(HttpServletResponse response, ObjectMapper json, int status, String error) throws IOException {
        byte[] answer = json.writeValueAsBytes(Map.of("error", error));
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /**
     * The one log line of a refused callback, the door's and the route's (CallbackIntake): the sender's address, so that
     * the operator can tell Daktela from a stranger; escaped, as a proxy's forwarded address comes from outside.
     */
    static void logRefusal(RateLimitedLog log, String sender, int status, String error) {
        log.warn("Refused callback from {} with {}: {}", OneLine.of(sender, 100), status, error);
    }

    private boolean secretGiven(Request request) {
        String header = request.getHeader(secretHeader);
        // an empty header is none: a webhook form's header row left blank beside ?secret= in the URL was 401
        if (header != null && !header.isEmpty()) {
            return isSecret(header);
        }
        // from the raw query: getParameter() would read a form body to find it. As written and decoded: a secret pasted
        // into Daktela's URL as it is keeps its + (a space, decoded: openssl rand -base64 gives such secrets), one
        // encoded by the URL's rules (%2B) is decoded
        String written = secretFromQuery(request.getQueryString());
        return written != null && (isSecret(written) || isSecret(decoded(written)));
    }

    private boolean isSecret(String given) {
        // MessageDigest.isEqual takes the same time wherever the first difference is
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret);
    }

    private static String secretFromQuery(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("secret=")) {
                return pair.substring("secret=".length());
            }
        }
        return null;
    }

    private static String decoded(String written) {
        try {
            return URLDecoder.decode(written, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException broken) {
            return null;
        }
    }

    /** Reads at most the limit, and gives up once the deadline has passed between two reads. */
    private byte[] readBody(InputStream in, long declared) throws IOException {
        long deadline = System.nanoTime() + bodyReadTimeout.toNanos();
        // sized by the declared length where there is one, not 8 KB for each callback of a few hundred bytes
        // (bench/README.md, "The callback's body"); a byte more so that a declared 0 is no empty buffer, which an
        // InputStream may fill with 0 bytes at each read instead of saying the end
        int size = declared >= 0 ? (int) Math.min(declared + 1, 8192) : 8192;
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        byte[] buffer = new byte[size];
        int n;
        while ((n = in.read(buffer)) != -1) {
            body.write(buffer, 0, n);
            if (body.size() > maxBodyBytes) {
                throw new BodyTooLarge();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("body read deadline passed");
            }
        }
        return body.toByteArray();
    }

    private static byte[] withoutEmptyPairs(byte[] body) {
        // a final line break frames the body (a file sent by curl --data-binary, a text area): it was the last value's, whose
        // control character was answered 400, the event lost. Cut by a loop from the end: a pattern anchored at the end
        // took time growing with the square of a run of line breaks not at the end
        int end = body.length;
        while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r')) {
            end--;
        }
        String form = new String(body, 0, end, StandardCharsets.ISO_8859_1);
        if (end == body.length && !form.startsWith("&") && !form.endsWith("&") && !form.contains("&&")) {
            return body;
        }
        return Arrays.stream(form.split("&")).filter(pair -> !pair.isEmpty()).collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String formEncodingProblem(byte[] body) {
        // the body as sent too, not only each pair decoded: the intake reads the form as UTF-8 text, and a raw lead byte
        // with its continuation percent-encoded ("Ren\xC3%A9") decodes to UTF-8 but was read as "Ren\uFFFD\uFFFD"
        String raw = utf8Problem(body);
        if (raw != null) {
            return "form " + raw;
        }
        String form = new String(body, StandardCharsets.ISO_8859_1);
        if (form.chars().filter(c -> c == '&').count() >= MAX_FORM_FIELDS) {
            return "form has more than " + MAX_FORM_FIELDS + " fields: a callback is one event, send only its fields "
                    + "(or a JSON batch)";
        }
        for (String pair : form.isEmpty() ? new String[0] : form.split("&")) {
            if (pair.indexOf('=') < 0) {
                return "form field " + OneLine.quoted(OneLine.of(pair, 40)) + " has no '=': send name=value pairs joined by '&'";
            }
            try {
                // percent-decoded to the bytes sent, which must then be UTF-8
                String problem = utf8Problem(URLDecoder.decode(pair, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1));
                if (problem != null) {
                    return "form " + problem;
                }
            } catch (IllegalArgumentException e) {
                return "form body is not URL-encoded: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * UTF-8, and no NUL byte: UTF-16 and UTF-32 text without a byte order mark is valid UTF-8 byte by
     * byte (every other byte NUL), and Jackson would detect and read it; JSON never holds a raw NUL.
     */
    private static String jsonEncodingProblem(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return "body is not UTF-8 (it has NUL bytes: UTF-16 or UTF-32?): send the callback in UTF-8";
            }
        }
        return utf8Problem(body);
    }

    private static String utf8Problem(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return null;
        } catch (CharacterCodingException e) {
            return "body is not UTF-8 (" + e.getMessage() + "): send the callback in UTF-8";
        }
    }

    private String tooLarge(String what) {
        return what + " is over the limit of " + maxBodyBytes + " bytes: send smaller batches (or raise bridge.callback.max-body-size)";
    }

    /**
     * The answer, complete and sent; then Tomcat drops what is still on its way and closes the
     * connection. A small body is read first if it comes within a grace ({@link #drainSmallBody}),
     * so that the close does not reset the connection under the answer.
     */
    private void refuse(Request request, Response response, int status, String error) {
        metrics.callbackAnswered(status);
        logRefusal(status == 401 ? withoutSecret : refusals, request.getRemoteAddr(), status, error);
        drainSmallBody(request);
        try {
            // said in the answer, so that the sender does not send its next request on this connection
            response.setHeader("Connection", "close");
            writeError(response, json, status, error);
            // committed first: the error state set below must not replace the answer by an error page
            response.flushBuffer();
        } catch (IOException senderGone) {
            LOG.debug("The refused sender did not wait for the answer: {}", senderGone.toString());
        }
        // Tomcat reads nothing more of this request and closes the connection after the answer. Also
        // after a whole body: kept open, a request sent right behind it (pipelined) was misread, and
        // Tomcat logged "Error finishing request" with a stack trace for each
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }

    /**
     * Reads the rest of a refused body that is within the limit, if it arrives within a short grace
     * (the usual case: a wrong secret, a body sent at once). Otherwise (larger, chunked or slow, or
     * while {@link #MAX_WAITING_REFUSALS} others wait) it is left unread. Closing a socket with unread
     * data in it resets the connection, and the sender may then lose the answer, so a small body is
     * not cut off without waiting a little.
     */
    private void drainSmallBody(Request request) {
        long declared = request.getContentLengthLong();
        // a sender that expects "100 Continue" holds its body back until then, and is refused without it
        if (declared < 0 || declared > maxBodyBytes || request.getCoyoteRequest().hasExpectation()) {
            return;
        }
        long deadline = System.nanoTime() + REFUSED_BODY_GRACE.toNanos();
        boolean waiting = false;
        try {
            ServletInputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            while (!in.isFinished() && System.nanoTime() - deadline < 0) {
                // available() alone counts only what Tomcat has buffered; this reads the socket without blocking
                request.getCoyoteRequest().action(ActionCode.AVAILABLE, Boolean.TRUE);
                int available = in.available();
                if (available > 0) {
                    in.read(buffer, 0, Math.min(buffer.length, available));
                } else if (waiting || (waiting = waitingRefusals.tryAcquire())) {
                    LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
                } else {
                    return; // enough refusals wait already: cut at once
                }
            }
        } catch (IOException | IllegalStateException senderGone) {
            // nothing more to read
        } finally {
            if (waiting) {
                waitingRefusals.release();
            }
        }
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("body over the limit");
        }
    }

    /** The request with its body read once and served again. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;
        /** The Content-Type the request goes on with. */
        private final String contentType;

        CachedBody(HttpServletRequest request, byte[] body, String contentType) {
            super(request);
            this.body = body;
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        /*
         * No parameters: the fields come from the body (CallbackIntake), the secret from the raw query (secretGiven).
         * Camel asked for the parameters of every callback, and Tomcat, parsing the query for them, logged a secret
         * whose % begins no escape whole at INFO ("Character decoding failed. Parameter [secret] with value [...]").
         */
        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public java.util.Enumeration<String> getParameterNames() {
            return java.util.Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }

        @Override
        public java.util.Map<String, String[]> getParameterMap() {
            return java.util.Map.of();
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            // decoded at once, with a buffer of the body's size: the stream decoder and the default
            // buffers (24 KB per callback) were the intake's largest allocation under load
            String text = new String(body, StandardCharsets.UTF_8);
            return new BufferedReader(new StringReader(text), Math.max(16, text.length()));
        }

        /**
         * UTF-8, whatever charset the sender named: the door has checked that the body is UTF-8. Read
         * by the named charset, UTF-8 sent as windows-1250 was stored garbled ("DvoĹ™Ăˇk"), and an
         * unknown one ("charset=foo") failed the answer after the event was stored.
         */
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
