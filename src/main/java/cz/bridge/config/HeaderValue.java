package cz.bridge.config;

/** The check of a secret or token the bridge reads from or sends in an HTTP header, in one place. */
public final class HeaderValue {

    private HeaderValue() {
    }

    /** Printable ASCII without spaces (RFC 6750's bearer token; Tomcat reads a header's bytes as ISO-8859-1). */
    public static boolean isCarried(String value) {
        return value.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }
}
