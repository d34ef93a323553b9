package dev.vecprop.core.internal;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HotSpot VM's flags, read through {@code jdk.management}, which this module requires only statically:
 * nothing of that module is loaded unless it is in the module graph (a full JDK binds it).
 */
public final class VmFlags {

    private VmFlags() {
    }

    /**
     * The values of the flags named that this VM has (a VM build may lack some, a JIT's for one).
     *
     * @param names the flags to read
     * @return their values by name, or {@code null} when {@code jdk.management} is absent or fails
     */
    public static Map<String, String> read(List<String> names) {
        if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
            return null;
        }
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return null;
            }
            Map<String, String> flags = new HashMap<>();
            for (String name : names) {
                try {
                    flags.put(name, bean.getVMOption(name).getValue());
                } catch (IllegalArgumentException e) {
                    // Not a flag of this VM build.
                }
            }
            return flags;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }
}
