package cz.bridge.mapping;

/** How bad a finding is: an ERROR makes the validation fail (exit code 1), a WARNING does not. */
public enum Severity {
    ERROR,
    WARNING
}
