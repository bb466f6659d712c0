package cz.bridge.mapping;

/**
 * How bad a finding is: an ERROR makes the bridge refuse the file (at start and on reload) and the
 * validation fail (exit code 1); a WARNING does neither.
 */
public enum Severity {
    ERROR,
    WARNING
}
