package nl.buurtroute.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Reading the server's resident set and native memory summary, and what grew per connection. */
class ResidentMemoryTest {
  private static final String STATUS_BEFORE = """
      Name:\tjava
      VmPeak:\t 3900000 kB
      VmRSS:\t  102400 kB
      RssAnon:\t   90000 kB
      Threads:\t50
      """;

  private static final String STATUS_AFTER = STATUS_BEFORE.replace("102400", "122880");

  /** The shape of JDK 17's {@code jcmd PID VM.native_memory summary}, figures cut short. */
  private static String nmt(long totalCommitted, long heap, long gc, long other) {
    return """
        12345:

        Native Memory Tracking:

        (Omitting categories weighting less than 1KB)

        Total: reserved=3661364KB, committed=%dKB
               malloc: 24940KB #185459
               mmap:   reserved=3636424KB, committed=158364KB

        -                 Java Heap (reserved=2097152KB, committed=%dKB)
                                    (mmap: reserved=2097152KB, committed=55296KB)

        -                     Class (reserved=1049379KB, committed=4195KB)
                                    (classes #6142)
                                    (  Metadata:   )
                                    (    reserved=65536KB, committed=26752KB)

        -                        GC (reserved=118577KB, committed=%dKB)
                                    (malloc=7709KB #12671) (peak=14073KB #12836)

        -                     Other (reserved=3528KB, committed=%dKB)
                                    (malloc=3528KB #38) (at peak)

        -    Native Memory Tracking (reserved=2946KB, committed=2946KB)
                                    (tracking overhead=2898KB)
        """.formatted(totalCommitted, heap, gc, other);
  }

  @Test
  void reads_the_resident_set_and_the_committed_bytes_per_category() {
    ResidentMemory memory = ResidentMemory.parse(STATUS_BEFORE, nmt(150_000, 40_000, 30_000, 1_000));

    assertThat(memory.residentBytes()).isEqualTo(102_400L * 1024);
    assertThat(memory.committedBytes()).isEqualTo(150_000L * 1024);
    assertThat(memory.committedByCategory()).containsOnlyKeys("Java Heap", "Class", "GC", "Other",
        "Native Memory Tracking");
    assertThat(memory.committed("Java Heap")).isEqualTo(40_000L * 1024);
    assertThat(memory.committed("Class")).isEqualTo(4_195L * 1024);
    assertThat(memory.committed("Native Memory Tracking")).isEqualTo(2_946L * 1024);
    assertThat(memory.committedOutsideHeap()).isEqualTo(110_000L * 1024);
  }

  @Test
  void without_tracking_it_has_the_resident_set_only() {
    ResidentMemory memory = ResidentMemory.parse(STATUS_BEFORE, null);

    assertThat(memory.residentBytes()).isEqualTo(102_400L * 1024);
    assertThat(memory.committedBytes()).isZero();
    assertThat(memory.committedByCategory()).isEmpty();
    ResidentMemory.PerConnection grown = ResidentMemory.parse(STATUS_AFTER, null).perConnectionSince(memory, 1024, 3);
    assertThat(grown.residentKiB()).isCloseTo(20.0, within(1e-9));
    assertThat(grown.nativeKiB()).isNull();
    assertThat(grown.heapCommittedKiB()).isNull();
  }

  @Test
  void per_connection_it_splits_what_grew_into_heap_and_native_and_names_the_largest_native_categories() {
    ResidentMemory before = ResidentMemory.parse(STATUS_BEFORE, nmt(150_000, 40_000, 30_000, 1_000));
    // 1,024 connections: the heap grew 10,240 KB, GC 2,048 KB, Other 1,024 KB; the total by the sum of those.
    ResidentMemory after = ResidentMemory.parse(STATUS_AFTER, nmt(163_312, 50_240, 32_048, 2_024));

    ResidentMemory.PerConnection grown = after.perConnectionSince(before, 1024, 2);

    assertThat(grown.residentKiB()).isCloseTo(20.0, within(1e-9));
    assertThat(grown.heapCommittedKiB()).isCloseTo(10.0, within(1e-9));
    assertThat(grown.nativeKiB()).isCloseTo(3.0, within(1e-9));
    assertThat(grown.topCategoriesKiB()).containsExactly(
        java.util.Map.entry("GC", 2.0), java.util.Map.entry("Other", 1.0));
    assertThat(grown.topCategories()).isEqualTo("GC 2.00 KiB, Other 1.00 KiB");
  }

  @Test
  void a_status_without_a_resident_set_is_refused() {
    assertThatThrownBy(() -> ResidentMemory.parse("Name:\tjava\n", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
