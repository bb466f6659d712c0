package cz.bridge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A service's address as the bridge appends its API paths to it: ARISTOTELOS_URL and DAKTELA_URL alike. */
public final class BaseUrl {

    private BaseUrl() {
    }

    /**
     * The address without trailing slashes and without a trailing {@code apiPath} (in any case): people
     * paste the API's address as often as the instance's, and "//api" or "/api/api" would be answered 404.
     *
     * @throws IllegalArgumentException saying why the text is no http(s) address with a host (without repeating
     *                                  it: a URL may carry a user and password)
     */
    public static String of(String url, String apiPath) {
        URI uri = httpAddress(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("it has a query or fragment (?... or #...), to which no path can be added");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (path.toLowerCase(Locale.ROOT).endsWith(apiPath)) {
            path = path.substring(0, path.length() - apiPath.length()).replaceAll("/+$", "");
        }
        return scheme + "://" + uri.getRawAuthority() + path;
    }

    /**
     * An http(s) address with a host and a port a connection can have.
     *
     * @throws IllegalArgumentException saying why not, without repeating the text (it may carry a password)
     */
    public static URI httpAddress(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("it is no URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("it does not begin with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("it names no host");
        }
        // the bridge authenticates with its own settings (a client id and secret, an access token), and Camel's
        // consoles (endpoint, route-dump, service) show an endpoint's address whole: a password there was on view
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("it carries a user and password (user:password@ before the host), which "
                    + "the bridge does not use and would show wherever it shows the address: leave them out");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("its port " + uri.getPort() + " is over 65535");
        }
        return uri;
    }

    /** An address from elsewhere (a redirect's Location) as it may be shown in a log line: without a user and password in it. */
    public static String withoutUserInfo(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getRawUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "");
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
