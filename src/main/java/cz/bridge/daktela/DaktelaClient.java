package cz.bridge.daktela;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.config.BaseUrl;
import cz.bridge.config.HeaderValue;
import cz.bridge.config.WholeAnswer;
import cz.bridge.logging.OneLine;
import cz.bridge.validate.DaktelaCheckFailed;
import cz.bridge.validate.DaktelaPause;

/**
 * Daktela's REST API v6, read by the validator (pauses) and by reconciliation (realtime
 * sessions): {@code GET {DAKTELA_URL}/api/v6/<list>.json} with the header {@code X-AUTH-TOKEN},
 * page by page ({@code skip}, {@code take}) until Daktela's {@code total} is reached. Every
 * failure, of any page, is a {@link DaktelaCheckFailed} whose message names what to fix (so a
 * read is whole or fails: no partial list); the access token never appears in a message.
 */
public class DaktelaClient {

    /** One list to read: its path under the instance address, and what it is called in messages. */
    public record Listing(String path, String what) {
    }

    public static final Listing PAUSES = new Listing("/api/v6/pauses.json", "pauses");
    public static final Listing REALTIME_SESSIONS = new Listing("/api/v6/realtimeSessions.json", "realtime sessions");

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** Pages of pauses, as validate reads them. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    /**
     * The most items a list may have: the agents the status page shows at most (10,000), and more pauses than any
     * instance has. A larger total is no Daktela answer (a proxy, a wrong endpoint), and its pages, each up to
     * {@link #MAX_PAGE_BYTES}, were kept in the heap until the total was reached.
     */
    static final int MAX_ITEMS = 10_000;

    /**
     * The most one page may hold: a page of 1,000 realtime sessions is a few MB; more is no Daktela
     * answer, and java.net.http would read an endless one into the heap.
     */
    private static final int MAX_PAGE_BYTES = 16 << 20;

    private final String url;
    private final URI base;
    private final String accessToken;
    private final HttpClient http;
    private final Duration timeout;
    private final int pageSize;
    private final ObjectMapper json = new ObjectMapper();

    /** @throws DaktelaCheckFailed as {@link #DaktelaClient(String, String, Duration, int)} does */
    public DaktelaClient(String url, String accessToken) {
        this(url, accessToken, DEFAULT_TIMEOUT, DEFAULT_PAGE_SIZE);
    }

    /**
     * @param url         DAKTELA_URL: the address of the Daktela instance, e.g. https://mycompany.daktela.com
     * @param accessToken DAKTELA_ACCESS_TOKEN
     * @throws DaktelaCheckFailed when the URL or the token is missing or the URL is no http(s) address
     */
    public DaktelaClient(String url, String accessToken, Duration timeout, int pageSize) {
        boolean noUrl = url == null || url.isBlank();
        boolean noToken = accessToken == null || accessToken.isBlank();
        if (noUrl || noToken) {
            throw new DaktelaCheckFailed(missingSettings(noUrl, noToken));
        }
        if (unsendableToken(accessToken)) {
            throw new DaktelaCheckFailed(UNSENDABLE_TOKEN);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        this.base = base(url.trim());
        this.url = url.trim();
        this.accessToken = accessToken.trim();
        this.timeout = timeout;
        this.pageSize = pageSize;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Java's HTTP client refuses such a token in the X-AUTH-TOKEN header quoting it whole ("invalid header value: …"),
     * which went into every pass's log line and readiness; a byte-order mark or a zero-width space from the file or the
     * copy the token came from is the usual cause.
     */
    public static boolean unsendableToken(String accessToken) {
        return !HeaderValue.isCarried(accessToken.trim());
    }

    public static final String UNSENDABLE_TOKEN = "DAKTELA_ACCESS_TOKEN must be printable ASCII without spaces, as Daktela shows "
            + "it: it holds another character (a byte-order mark or an invisible character saved or copied with it?), which an "
            + "HTTP header cannot carry; the value is not shown";

    /** What to set when DAKTELA_URL and/or DAKTELA_ACCESS_TOKEN are missing. */
    private static String missingSettings(boolean noUrl, boolean noToken) {
        List<String> missing = new ArrayList<>();
        if (noUrl) {
            missing.add("DAKTELA_URL (the address of the Daktela instance, e.g. https://mycompany.daktela.com)");
        }
        if (noToken) {
            missing.add("DAKTELA_ACCESS_TOKEN (an access token of a Daktela user who may read pauses)");
        }
        return "checking against Daktela needs " + String.join(" and ", missing) + ": set "
                + (missing.size() == 1 ? "it" : "them");
    }

    public String url() {
        return url;
    }

    /**
     * Every item of the list, in Daktela's order; all pages, or an exception. A list whose total changed while its
     * pages were read (agents log in and out all the time at a shift's change) is read again from its start, up to
     * {@link #READS_OF_A_CHANGING_LIST} times in all.
     */
    public List<JsonNode> fetchAll(Listing listing) {
        return fetchAll(listing, () -> { });
    }

    /** As {@link #fetchAll(Listing)}, telling when each read of the list from its start begins. */
    public List<JsonNode> fetchAll(Listing listing, Runnable readBegins) {
        for (int read = 1; ; read++) {
            try {
                readBegins.run();
                return readAllPages(listing);
            } catch (ListChanged changed) {
                if (read == READS_OF_A_CHANGING_LIST) {
                    throw new DaktelaCheckFailed(changed.getMessage() + " (" + read + " reads in a row)");
                }
            }
        }
    }

    private static final int READS_OF_A_CHANGING_LIST = 3;

    /** The total differed from one page to the next. */
    private static final class ListChanged extends RuntimeException {
        ListChanged(String message) {
            super(message, null, false, false);
        }
    }

    private List<JsonNode> readAllPages(Listing listing) {
        List<JsonNode> items = new ArrayList<>();
        int skip = 0;
        Integer firstTotal = null;
        // ends: each page adds at least one item or fails the read, and the total is bounded (MAX_ITEMS)
        while (true) {
            JsonNode result = fetchPage(listing, skip);
            JsonNode data = result.get("data");
            if (data == null || !data.isArray()) {
                throw new DaktelaCheckFailed("Daktela's answer from " + where(listing) + " has no result.data list of "
                        + listing.what() + ": check that DAKTELA_URL is the address of the Daktela instance (API v6)");
            }
            data.forEach(items::add);
            skip += data.size();
            Integer total = total(result.get("total"));
            if (total == null) {
                throw new DaktelaCheckFailed("Daktela's answer from " + where(listing) + " has no result.total: check that "
                        + "DAKTELA_URL is the address of the Daktela instance (API v6)");
            }
            if (firstTotal == null) {
                if (total > MAX_ITEMS) {
                    throw new DaktelaCheckFailed("Daktela at " + url + " lists a total of " + total + " " + listing.what()
                            + ", more than the " + MAX_ITEMS + " a read takes (no Daktela instance has that many): check DAKTELA_URL "
                            + "and any proxy between this host and Daktela; nothing was read");
                }
                firstTotal = total;
            } else if (!firstTotal.equals(total)) {
                // an item gone before the next page moves the later ones a place forward: one is never read, and the
                // shorter total ends the read as if whole (a missed agent, logged out by the pass)
                throw new ListChanged("Daktela at " + url + " listed " + firstTotal + " " + listing.what() + ", then "
                        + total + ": the list changed while it was read page by page");
            }
            if (total < 0 || skip > total) {
                // more than the total it gives, or a negative one: an answer that does not add up would be read as whole,
                // and the agents a next page would have listed logged out by the pass
                throw new DaktelaCheckFailed("Daktela at " + url + " listed " + skip + " " + listing.what() + " against a total of "
                        + total + ": the answer does not add up; the read counts as failed, and nothing is changed on it");
            }
            if (skip == total) {
                return items;
            }
            if (data.isEmpty()) {
                throw new DaktelaCheckFailed("Daktela at " + url + " listed " + skip + " of " + total + " "
                        + listing.what() + " and then an empty page: the list changed while it was read, or was cut; try again");
            }
        }
    }

    /** All pauses Daktela lists, in Daktela's order: what validate compares with mappings.yaml. */
    public List<DaktelaPause> pauses() {
        return fetchAll(PAUSES).stream().map(item -> new DaktelaPause(text(item.get("name")), text(item.get("title"))))
                .filter(pause -> pause.name() != null).toList();
    }

    private JsonNode fetchPage(Listing listing, int skip) {
        URI uri = URI.create(base + listing.path() + "?skip=" + skip + "&take=" + pageSize);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("X-AUTH-TOKEN", accessToken)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (WholeAnswer.TooLarge e) {
            throw new DaktelaCheckFailed("Daktela at " + url + " sent more than " + (MAX_PAGE_BYTES >> 20) + " MB for one page of "
                    + pageSize + " " + listing.what() + " (no Daktela answer is that large; the bridge stopped reading it): "
                    + "check DAKTELA_URL and any proxy between this host and Daktela", e);
        } catch (WholeAnswer.Stalled e) {
            throw new DaktelaCheckFailed("Daktela at " + url + " did not send its whole answer with its " + listing.what()
                    + " within " + WholeAnswer.deadline(timeout).toSeconds() + " s (the answer stalled): try again later, or check DAKTELA_URL "
                    + "and any proxy between this host and Daktela", e);
        } catch (HttpConnectTimeoutException e) {
            throw new DaktelaCheckFailed("cannot connect to Daktela at " + url + " within " + timeout.toSeconds()
                    + " s: check DAKTELA_URL and that this host may reach Daktela (proxy, firewall)", e);
        } catch (HttpTimeoutException e) {
            throw new DaktelaCheckFailed("Daktela at " + url + " did not answer within " + timeout.toSeconds()
                    + " s: try again later, or check DAKTELA_URL", e);
        } catch (SSLException e) {
            throw new DaktelaCheckFailed("the TLS connection to Daktela at " + url + " failed (" + OneLine.of(e.getMessage(), 300)
                    + "): check DAKTELA_URL (https:// and the host name) and the Java trust store", e);
        } catch (ConnectException e) {
            boolean unknownHost = e.getCause() instanceof UnresolvedAddressException
                    || e.getCause() instanceof java.net.UnknownHostException;
            throw new DaktelaCheckFailed("cannot connect to Daktela at " + url + " ("
                    + (unknownHost ? "unknown host " + base.getHost() : e.getMessage() == null ? "connection refused" : OneLine.of(e.getMessage(), 300))
                    + "): check DAKTELA_URL and that this host may reach Daktela", e);
        } catch (IOException | RuntimeException e) {
            // cut: Java's HTTP client quotes a bad status line or header whole (up to 384 KB), into every pass's WARN and
            // readiness; and a runtime one (a Content-Length that is no number) is a failed read like any other, not an
            // exception that passes every caller's catch of DaktelaCheckFailed
            throw new DaktelaCheckFailed("cannot read Daktela's " + listing.what() + " from " + url + " (" + OneLine.of(String.valueOf(e), 300)
                    + "): check DAKTELA_URL and that this host may reach Daktela (or a proxy between them)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaktelaCheckFailed("interrupted while reading Daktela's " + listing.what(), e);
        }
        return result(listing, response);
    }

    /** The whole page or an exception, within {@link WholeAnswer#deadline}. */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return WholeAnswer.text(http, request, MAX_PAGE_BYTES, WholeAnswer.deadline(timeout));
    }

    /** The page's result object, or DaktelaCheckFailed naming what to fix. */
    private JsonNode result(Listing listing, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        JsonNode envelope = parse(body);
        String errors = envelope == null ? null : errors(envelope.get("error"));
        if (status == 401 || status == 403) {
            throw new DaktelaCheckFailed("Daktela at " + url + " refused the access token (HTTP " + status
                    + (errors == null ? "" : ": " + errors) + "): set DAKTELA_ACCESS_TOKEN to a valid access token"
                    + (status == 403 ? " of a Daktela user who may read " + listing.what() : "") + " (and check DAKTELA_URL names the right Daktela instance)");
        }
        if (status >= 300 && status < 400) {
            // the origin from the whole Location, not from its cut excerpt; a user and password in it are not shown
            String location = response.headers().firstValue("Location").map(l -> BaseUrl.withoutUserInfo(l.strip())).orElse(null);
            throw new DaktelaCheckFailed("Daktela at " + url + " redirects (HTTP " + status + (location == null ? "" : " to " + excerpt(location))
                    + "): set DAKTELA_URL to the address it redirects to" + (location == null ? "" : " (" + excerpt(origin(location)) + ")"));
        }
        if (status == 404) {
            throw new DaktelaCheckFailed("there is no Daktela API at " + where(listing) + " (HTTP 404): set DAKTELA_URL to the "
                    + "address of the Daktela instance, e.g. https://mycompany.daktela.com, without /api/v6");
        }
        if (status < 200 || status >= 300) {
            throw new DaktelaCheckFailed("Daktela at " + url + " answered HTTP " + status + " for its " + listing.what()
                    + (errors == null ? (body.isBlank() ? "" : ": " + excerpt(body)) : ": " + errors)
                    // a 429 (too many requests) or 408 is Daktela's load, not a setting: it said to check them
                    + (status >= 500 || status == 429 || status == 408 ? ": try again later" : ": check DAKTELA_URL and DAKTELA_ACCESS_TOKEN"));
        }
        if (envelope == null || !envelope.isObject()) {
            throw new DaktelaCheckFailed("the answer from " + where(listing) + " is not Daktela's JSON (it starts with "
                    + OneLine.quoted(excerpt(body)) + "): check that DAKTELA_URL is the address of the Daktela instance");
        }
        if (errors != null) {
            boolean aboutToken = errors.toLowerCase(Locale.ROOT).contains("token");
            throw new DaktelaCheckFailed("Daktela at " + url + " reported: " + errors
                    + (aboutToken ? ": set DAKTELA_ACCESS_TOKEN to a valid access token" : ": check DAKTELA_URL and DAKTELA_ACCESS_TOKEN"));
        }
        JsonNode result = envelope.get("result");
        if (result == null || !result.isObject()) {
            throw new DaktelaCheckFailed("Daktela's answer from " + where(listing) + " has no result: check that DAKTELA_URL "
                    + "is the address of the Daktela instance (API v6)");
        }
        return result;
    }

    private JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Daktela's error: a list of messages, an object of field → messages, or a message; null when empty. */
    private static String errors(JsonNode error) {
        if (error == null || error.isNull()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        collect(error, texts);
        // Daktela's words end up in a log line and in health details: a few, cut short
        String joined = String.join("; ", texts.subList(0, Math.min(texts.size(), 5)));
        return texts.isEmpty() ? null : OneLine.of(joined, 300);
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isValueNode()) {
            if (!node.asText().isBlank()) {
                texts.add(node.asText());
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, texts));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                List<String> inner = new ArrayList<>();
                collect(e.getValue(), inner);
                inner.forEach(t -> texts.add(e.getKey() + ": " + t));
            });
        }
    }

    public static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private String where(Listing listing) {
        return base + listing.path();
    }

    private static String excerpt(String body) {
        return OneLine.of(body.strip(), 120);
    }

    private static String origin(String location) {
        try {
            URI uri = URI.create(location);
            return uri.getScheme() == null ? location : uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return location;
        }
    }

    /** The instance address without a trailing slash or /api/v6. */
    private static URI base(String url) {
        try {
            return URI.create(BaseUrl.of(url, "/api/v6"));
        } catch (IllegalArgumentException e) {
            // not repeated: Daktela's API documentation shows the token in the query (?accessToken=...), and a URL may carry
            // a user and password
            throw new DaktelaCheckFailed("DAKTELA_URL is no http(s) address (" + e.getMessage()
                    + "): set it to the address of the Daktela instance, e.g. https://mycompany.daktela.com");
        }
    }

    /**
     * result.total as a whole number, also written as text ("3"), as Daktela writes other numbers: Jackson's
     * canConvertToInt is false for text, and every pass failed saying DAKTELA_URL was wrong. Null when it is none.
     */
    private static Integer total(JsonNode total) {
        if (total != null && total.isTextual() && total.asText().matches("[0-9]{1,9}")) {
            return Integer.valueOf(total.asText());
        }
        return total != null && total.isIntegralNumber() && total.canConvertToInt() ? total.intValue() : null;
    }
}
