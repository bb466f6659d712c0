package cz.bridge.validate;

import java.time.Duration;
import java.util.List;

import cz.bridge.daktela.DaktelaClient;

/**
 * Reads Daktela's pauses ({@code GET {DAKTELA_URL}/api/v6/pauses.json}, all pages) through the
 * {@link DaktelaClient} reconciliation uses too. Every failure is a {@link DaktelaCheckFailed}
 * whose message names what to fix; the access token never appears in a message.
 */
public class DaktelaPauses {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final Duration DEFAULT_TIMEOUT = DaktelaClient.DEFAULT_TIMEOUT;

    private final DaktelaClient client;

    public DaktelaPauses(String url, String accessToken) {
        this(url, accessToken, DEFAULT_TIMEOUT, DEFAULT_PAGE_SIZE);
    }

    /** @throws DaktelaCheckFailed as {@link DaktelaClient#DaktelaClient} does */
    public DaktelaPauses(String url, String accessToken, Duration timeout, int pageSize) {
        this.client = new DaktelaClient(url, accessToken, timeout, pageSize);
    }

    /** DAKTELA_URL as configured. */
    public String url() {
        return client.url();
    }

    /** All pauses Daktela lists, in Daktela's order. */
    public List<DaktelaPause> fetchAll() {
        return client.fetchAll(DaktelaClient.PAUSES).stream()
                .map(item -> new DaktelaPause(DaktelaClient.text(item.get("name")), DaktelaClient.text(item.get("title"))))
                .filter(pause -> pause.name() != null).toList();
    }
}
