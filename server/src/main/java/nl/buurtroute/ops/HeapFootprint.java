package nl.buurtroute.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How much unused heap the JVM keeps committed, set at start for every way the server runs (the README's
 * {@code java -jar}, a container, the benchmark's child process), unless the command line sets it.
 *
 * <p>Why: resident memory per connected phone was about 100 KiB while the heap it uses is about 17 KiB. The rest
 * was heap committed but free: after a collection the JVM keeps up to {@code MaxHeapFreeRatio} (70%) of the heap
 * free, i.e. up to 3.3× what is live, and a server whose phones sit idle between votes allocates too little to
 * collect at all, so what a burst of joins committed stays resident all evening. With at most 30% free after a
 * collection (1.4× what is live) and a concurrent collection after a minute without any, an idle server holds
 * about what it uses. Under load the JVM still grows the heap as it needs (up to {@code -Xmx}); this only
 * decides what it gives back. All three are manageable flags, so they can be set from here, at run time.
 */
public final class HeapFootprint {
  private static final Logger LOG = Logger.getLogger(HeapFootprint.class.getName());

  /** In the order they must be set: the minimum may never exceed the maximum, not even in between. */
  static final Map<String, String> SETTINGS = settings();

  private static Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("MinHeapFreeRatio", "10");
    settings.put("MaxHeapFreeRatio", "30");
    // Only when no collection ran for a minute (an idle server): one concurrent cycle, which gives back what
    // the heap no longer needs; a busy server collects anyway and never sees it.
    settings.put("G1PeriodicGCInterval", "60000");
    return settings;
  }

  private HeapFootprint() {
  }

  /**
   * The settings to apply, given each flag's state ({@code null} when this JVM does not have it): none that the
   * command line (or JDK_JAVA_OPTIONS) set, nor one this JVM cannot change at run time.
   */
  static List<Map.Entry<String, String>> toApply(Function<String, VMOption> current) {
    List<Map.Entry<String, String>> apply = new ArrayList<>();
    SETTINGS.forEach((name, value) -> {
      VMOption option = current.apply(name);
      if (option != null && option.isWriteable() && option.getOrigin() == VMOption.Origin.DEFAULT) {
        apply.add(Map.entry(name, value));
      }
    });
    return apply;
  }

  /** Applies the settings the command line left at their defaults; a JVM without these flags runs as it is. */
  public static void apply() {
    HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (hotSpot == null) {
      return;
    }
    for (Map.Entry<String, String> setting : toApply(name -> option(hotSpot, name))) {
      try {
        hotSpot.setVMOption(setting.getKey(), setting.getValue());
      } catch (RuntimeException e) {
        // e.g. MaxHeapFreeRatio=30 below a MinHeapFreeRatio the command line set higher: its choice stands.
        LOG.log(Level.FINE, "cannot set " + setting.getKey() + ": " + e.getMessage());
      }
    }
  }

  private static VMOption option(HotSpotDiagnosticMXBean hotSpot, String name) {
    try {
      return hotSpot.getVMOption(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
