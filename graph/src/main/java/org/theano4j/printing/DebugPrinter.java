package org.theano4j.printing;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;

/**
 * Writes trees in the style of Theano's {@code debugprint}: one line per variable, children
 * indented with {@code " |"}; ids are shared by all trees written through one printer.
 *
 * <p>A node whose subtree was already written appears again as just {@code op [id X]}.
 * Iterative, so deep graphs cannot overflow the stack.
 */
final class DebugPrinter {
  private final StringBuilder out = new StringBuilder();
  private final Map<Object, String> ids = new IdentityHashMap<>();
  private final Set<Apply> expanded = Collections.newSetFromMap(new IdentityHashMap<>());

  /** One pending line: the variable, its line prefix, its children's prefix, a suffix. */
  private record Item(Variable var, String prefix, String childPrefix, String suffix) {}

  /** Writes the tree of {@code root}, adding {@code suffix} to its first line. */
  DebugPrinter tree(Variable root, String suffix) {
    Deque<Item> stack = new ArrayDeque<>();
    stack.push(new Item(root, "", "", suffix));
    while (!stack.isEmpty()) {
      Item it = stack.pop();
      Variable v = it.var();
      Apply node = v.owner();
      out.append(it.prefix()).append(Labels.of(v)).append(" [id ").append(idOf(v)).append(']');
      if (node != null && expanded.contains(node)) {
        out.append(it.suffix()).append('\n');
        continue;
      }
      out.append(" <").append(v.type()).append('>');
      if (Labels.showsNameSeparately(v)) {
        out.append(" '").append(v.name()).append('\'');
      }
      out.append(it.suffix()).append('\n');
      if (node == null) {
        continue;
      }
      expanded.add(node);
      List<Variable> ins = node.inputs();
      for (int i = ins.size() - 1; i >= 0; i--) {
        boolean last = i == ins.size() - 1;
        stack.push(new Item(ins.get(i), it.childPrefix() + " |",
            it.childPrefix() + (last ? "  " : " |"), ""));
      }
    }
    return this;
  }

  private String idOf(Variable v) {
    Object key = v.owner() != null ? v.owner() : v;
    return ids.computeIfAbsent(key, k -> Labels.letters(ids.size()));
  }

  String text() {
    return out.toString();
  }
}
