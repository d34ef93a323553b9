package dev.vecprop.core.internal.data;

/**
 * The sizes the readers accept, checked before anything of that size is allocated (docs/reliability.md).
 * A plain file's sizes are also checked against its real length; gzip data, whose length is known only once
 * read, is read incrementally within these limits.
 */
public final class Limits {

    /** The most values (features, or targets) one data set holds: the largest Java array. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /** The longest CSV line, in characters (8 MiB: a million columns of 7 characters). */
    public static final int MAX_LINE_CHARS = 8 << 20;

    /** The most columns in a CSV file. */
    public static final int MAX_COLUMNS = 1 << 20;

    private Limits() {
    }
}
