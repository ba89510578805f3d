package nl.buurtroute.store;

/** The store was closed: no more writes (or reads) are taken. Added next to the {@link Store} interface. */
public class StoreClosedException extends IllegalStateException {
  public StoreClosedException(String kind) {
    super("the " + kind + " store is closed");
  }
}
