package io.uplink.store;

/**
 * An append did not fit: the disk (or the free-disk guard) left no room even after eviction. The rows were not
 * stored; the caller keeps them and tries again later.
 */
public class BacklogFullException extends BacklogException {
    private static final long serialVersionUID = 1L;

    public BacklogFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
