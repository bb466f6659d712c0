package cz.bridge.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cz.bridge.config.BridgeProperties;
import cz.bridge.config.HeaderValue;
import cz.bridge.config.WholeAnswer;
import cz.bridge.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client-credentials tokens for AristoTelos. One token is cached until shortly
 * before it expires; however many deliveries wait, one request fetches it (or fails for all of them); a token that
 * AristoTelos answered 401 to is dropped so that the next call fetches a new one.
 * <p>
 * Not camel-http's own OAuth2 options: no single flight, no way to drop a refused token (docs/decisions.md,
 * "camel-http's OAuth2 options are not used"), and a refused token request is a bare HttpException, nothing for health.
 * <p>
 * A token is renewed the margin before it expires by the first caller to meet it then; the others go on with it
 * meanwhile, and after a failed renewal until it expires (tried again every few seconds): a slow or failing token
 * endpoint held every delivery behind the renewal, or failed them all, while the token in hand was good.
 * <p>
 * After the token endpoint refused the client credentials, it is not asked again for a while (tokenRefusalPause,
 * doubling up to ten times it): the deliveries meanwhile fail at once with the refusal's words. A failure is logged
 * once, again when it changes, and else every few minutes: every delivery meets it, 20 at a time.
 */
public class AccessTokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokenProvider.class);

    /** renewAt: from then on one caller renews it; expiresAt: until then the others go on with it. */
    private record Token(String value, Instant renewAt, Instant expiresAt) {
    }

    /** No token to be had: the failure is logged here, once for all the deliveries that meet it. */
    public static final class NoToken extends AristotelosUnavailable {

        NoToken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Duration FAILURE_LOGGED_AGAIN_AFTER = Duration.ofMinutes(5);
    private static final int LONGEST_REFUSAL_PAUSES = 10;
    /** A token answer is a few KB; more is no token endpoint's, and would be read into the heap whole. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;
    private static final long MAX_EXPIRES_IN_SECONDS = 366L * 24 * 3600;
    /** After a renewal that failed while the token was still good: how long it serves before the next renewal is tried. */
    private static final Duration RENEWAL_TRIED_AGAIN_AFTER = Duration.ofSeconds(5);

    private final BridgeProperties.Aristotelos config;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private final AtomicLong fetches = new AtomicLong();
    /** Token requests that have ended, well or not. */
    private final AtomicLong answered = new AtomicLong();
    private final AtomicReference<Token> current = new AtomicReference<>();
    private volatile String lastFailure;
    private volatile Instant lastSuccess;
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, FAILURE_LOGGED_AGAIN_AFTER);
    /** Until when the token endpoint is not asked, after it refused the credentials; null when it did not. */
    private volatile Instant askAgainAt;
    /** Refusals of the credentials in a row (under the lock). */
    private int refusals;

    public AccessTokenProvider(BridgeProperties.Aristotelos config, HttpClient http, ObjectMapper json, Clock clock) {
        this.config = config;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    public String authorization() {
        return "Bearer " + token().value();
    }

    /** Drops the token of a request AristoTelos answered 401, unless another caller has already renewed it. */
    public void invalidate(String authorization) {
        Token token = current.get();
        // compared and cleared at once: a token another caller renewed in between stays
        if (token != null && authorization != null && authorization.equals("Bearer " + token.value())
                && current.compareAndSet(token, null)) {
            LOG.info("AristoTelos refused the access token (401); a new one will be fetched");
        }
    }

    /**
     * The text with the access token in use and the client secret put out of sight: an answer that echoes the request
     * (a debug page of AristoTelos or a gateway) is kept on a parked event, logged and shown to the operator.
     */
    public String withoutSecrets(String text) {
        if (text == null) {
            return null;
        }
        Token token = current.get();
        String out = token == null || token.value().isEmpty() ? text : text.replace(token.value(), "***");
        // any bearer token too: the one sent may have been renewed or dropped (another delivery's 401) since, and a
        // JSON echo may write its '/' as '\/'
        out = BEARER.matcher(out).replaceAll("$1***");
        // a secret of a character or two would blot out ordinary words; the start requires a longer one in production anyway
        return config.clientSecret().length() < 4 ? out : out.replace(config.clientSecret(), "***");
    }

    private static final java.util.regex.Pattern BEARER = java.util.regex.Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9\\-._~+/\\\\]+=*");

    public long fetches() {
        return fetches.get();
    }

    /** Why the last token request failed, or null when it succeeded. */
    public String lastFailure() {
        return lastFailure;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    private Token token() {
        Token token = current.get();
        Instant now = clock.instant();
        if (token != null && now.isBefore(token.renewAt())) {
            return token;
        }
        if (token != null && now.isBefore(token.expiresAt())) {
            Token served = renewedOrStill(token);
            if (served != null) {
                return served;
            }
        }
        refusedStill();
        long answeredBefore = answered.get();
        fetching.lock();
        try {
            token = current.get();
            if (token != null && clock.instant().isBefore(token.renewAt())) {
                return token;
            }
            String failure = lastFailure;
            if (failure != null && answered.get() != answeredBefore) {
                // a request that ended while this caller waited for it failed: its answer is this caller's too, so
                // that waiting deliveries do not send one request each, one after another, to a failing endpoint
                throw new NoToken(failure, null);
            }
            refusedStill();
            token = fetch();
            current.set(token);
            return token;
        } finally {
            fetching.unlock();
        }
    }

    /**
     * The token in hand is still good: renewed by this caller if no other is renewing it, else the one in hand; null when
     * it was dropped meanwhile (AristoTelos's 401), for the blocking way.
     */
    private Token renewedOrStill(Token inHand) {
        if (!fetching.tryLock()) {
            return inHand;
        }
        try {
            Token token = current.get();
            if (token != inHand) {
                // renewed, or dropped after a 401, since it was read
                return token != null && clock.instant().isBefore(token.renewAt()) ? token : null;
            }
            try {
                refusedStill();
                token = fetch();
                current.set(token);
                return token;
            } catch (NoToken failed) {
                // the failure is logged and in readiness; the token in hand serves on, and is renewed again in a while,
                // unless AristoTelos refused it (a 401 dropped it meanwhile) or it expired while this caller asked
                Instant now = clock.instant();
                Instant again = now.plus(RENEWAL_TRIED_AGAIN_AFTER);
                boolean kept = current.compareAndSet(inHand, new Token(inHand.value(),
                        again.isBefore(inHand.expiresAt()) ? again : inHand.expiresAt(), inHand.expiresAt()));
                if (kept && now.isBefore(inHand.expiresAt())) {
                    return inHand;
                }
                throw failed;
            }
        } finally {
            fetching.unlock();
        }
    }

    /** During the pause after a refusal of the credentials: its words, and no request. */
    private void refusedStill() {
        Instant until = askAgainAt;
        String failure = lastFailure;
        if (until != null && failure != null && clock.instant().isBefore(until)) {
            throw new NoToken(failure, null);
        }
    }

    private Token fetch() {
        String tokenUrl = config.effectiveTokenUrl();
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(config.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (config.basicAuth()) {
            // each form-encoded first (RFC 6749 2.3.1), as the server decodes them: a secret with '+' or '%' was refused
            String pair = encode(config.clientId()) + ":" + encode(config.clientSecret());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.append("&client_id=").append(encode(config.clientId()))
                    .append("&client_secret=").append(encode(config.clientSecret()));
        }
        fetches.incrementAndGet();
        try {
            return answer(tokenUrl, request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
        } finally {
            answered.incrementAndGet();
        }
    }

    private Token answer(String tokenUrl, HttpRequest request) {
        try {
            HttpResponse<String> response = WholeAnswer.text(http, request, MAX_ANSWER_BYTES, WholeAnswer.deadline(config.timeout()));
            if (response.statusCode() == 400 || response.statusCode() == 401) {
                throw refused("AristoTelos refused the client credentials (HTTP " + response.statusCode() + " from " + tokenUrl
                        + "): check ARISTOTELOS_CLIENT_ID and ARISTOTELOS_CLIENT_SECRET and that the client application has access allowed");
            }
            if (response.statusCode() / 100 != 2) {
                throw failure("the token endpoint " + tokenUrl + " answered HTTP " + response.statusCode(), null);
            }
            JsonNode body = json.readTree(response.body());
            String value = body.path("access_token").asText("");
            if (value.isEmpty()) {
                throw failure("the token endpoint " + tokenUrl + " answered without access_token", null);
            }
            if (!HeaderValue.isCarried(value)) {
                // RFC 6750's token is printable ASCII without spaces; this one would have gone into the Authorization header
                throw failure("the token endpoint " + tokenUrl + " answered an access_token that is no bearer token (it holds "
                        + "a space, a control or a non-ASCII character): check ARISTOTELOS_TOKEN_URL", null);
            }
            long expiresIn = expiresIn(body.path("expires_in"));
            Duration margin = config.tokenRefreshMargin();
            Duration lifetime = Duration.ofSeconds(expiresIn);
            if (margin.compareTo(lifetime.dividedBy(2)) > 0) {
                margin = lifetime.dividedBy(2);
            }
            refusals = 0;
            askAgainAt = null;
            lastFailure = null;
            failureLog.reset();
            lastSuccess = clock.instant();
            LOG.info("Fetched an AristoTelos access token valid for {} s", expiresIn);
            Instant expiresAt = clock.instant().plus(lifetime);
            return new Token(value, expiresAt.minus(margin), expiresAt);
        } catch (WholeAnswer.TooLarge e) {
            throw failure("the token endpoint " + tokenUrl + " sent more than " + (MAX_ANSWER_BYTES >> 20) + " MB (no token answer "
                    + "is that large; the bridge stopped reading it): check ARISTOTELOS_TOKEN_URL and any proxy between this host "
                    + "and AristoTelos", e);
        } catch (WholeAnswer.Stalled e) {
            // the lock every delivery waits on is held while this waits
            throw failure("the token endpoint " + tokenUrl + " did not send its whole answer within "
                    + WholeAnswer.deadline(config.timeout()).toSeconds() + " s (a stalled proxy?)", e);
        } catch (IOException e) {
            throw failure(AristotelosUnavailable.noAnswer("the token endpoint " + tokenUrl, e, config.timeout(), config.timeout()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while fetching a token from " + tokenUrl, e);
        }
    }

    /**
     * expires_in in seconds: when absent, or no whole number from 1 s to a year, an hour. A huge one made the expiry
     * time overflow (every delivery parked as an internal error) and 0 or less had every delivery fetch a token; a token
     * that ends sooner than read is renewed after AristoTelos's 401 (the one retry with a new token).
     */
    private static long expiresIn(JsonNode given) {
        long seconds = given.canConvertToLong() ? given.asLong() : given.isTextual() ? given.asLong(-1) : -1;
        return seconds >= 1 && seconds <= MAX_EXPIRES_IN_SECONDS ? seconds : DEFAULT_EXPIRES_IN_SECONDS;
    }

    private AristotelosUnavailable failure(String message, Exception cause) {
        lastFailure = message;
        failureLog.warnOnChange(message, "Token request failed: {}", message);
        return new NoToken(message, cause);
    }

    /** Wrong credentials asked for again and again may get the client locked out: a pause, growing while they stay wrong. */
    private AristotelosUnavailable refused(String message) {
        Duration pause = config.tokenRefusalPause().multipliedBy(1L << Math.min(refusals++, 4));
        Duration longest = config.tokenRefusalPause().multipliedBy(LONGEST_REFUSAL_PAUSES);
        pause = pause.compareTo(longest) > 0 ? longest : pause;
        lastFailure = message;
        askAgainAt = pause.isZero() ? null : clock.instant().plus(pause);
        failureLog.warnOnChange(message, "Token request failed: {}{}", message, pause.isZero() ? ""
                : "; the token endpoint is not asked again for " + AristotelosUnavailable.seconds(pause)
                + " (deliveries wait in the queue; a restart asks at once)");
        return new NoToken(message, null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
