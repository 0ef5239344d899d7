package io.uplink.ui.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.uplink.core.PersistencePriority;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileProblem;
import io.uplink.profile.ProfileRule;

/**
 * The editable part of the profile editor: the thresholds and default, the rule table (add, remove, reorder) and
 * the selected rule's fields. Problems are marked where they are: an error decoration on the field, and on a rule's
 * row an error image and the problem in its own column.
 */
public final class ProfileForm {
    /** Receives every edit as the profile it results in. */
    interface Editing {
        void change(String label, PriorityProfile updated, String coalesceKey);
    }

    /** One row of the rule table. */
    record Row(int index, ProfileRule rule, String problem, int matches) {
    }

    static final Map<String, String> FIELD_LABELS = Map.of(PriorityProfile.PERSISTENCE_PRIORITY, "Persistence priority:",
            PriorityProfile.AGGREGATION_PRIORITY, "Aggregation priority:", PriorityProfile.RESEND_PRIORITY,
            "Resend priority:", PriorityProfile.DEFAULT_PRIORITY, "Default priority:");

    private final Editing editing;
    private final Composite root;
    private final Text name;
    private final Map<String, Combo> priorityFields = new HashMap<>();
    private final Map<Control, ControlDecoration> decorations = new HashMap<>();
    private final TableViewer rules;
    private final Text pattern;
    private final Combo rulePriority;
    private final Text note;
    private final Button remove;
    private final Button up;
    private final Button down;
    private final Image errorImage = FieldDecorationRegistry.getDefault()
            .getFieldDecoration(FieldDecorationRegistry.DEC_ERROR).getImage();

    private PriorityProfile shown = PriorityProfile.newProfile("");
    private List<ProfileProblem> problems = List.of();
    private int[] ruleMatches = new int[0];
    private int selected = -1;
    /** True while widgets are set from the model: their modify events are not edits. */
    private boolean updating;

    ProfileForm(Composite parent, Editing editing) {
        this.editing = editing;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));

        Group header = group(root, "Profile", 2);
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        name = text(header, "Name:");
        name.addListener(SWT.Modify, e -> edit("Edit name", shown.withField(PriorityProfile.NAME, name.getText()), "name"));
        for (String field : PriorityProfile.PRIORITY_FIELDS) {
            Combo combo = priorityCombo(header, FIELD_LABELS.get(field));
            combo.addListener(SWT.Modify, e -> edit("Edit " + field, shown.withField(field, combo.getText()), field));
            priorityFields.put(field, combo);
        }

        Group rulesGroup = group(root, "Rules (the first whose pattern matches a channel decides)", 2);
        rulesGroup.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        rules = new TableViewer(rulesGroup, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        rules.getTable().setHeaderVisible(true);
        rules.getTable().setLinesVisible(true);
        rules.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        rules.setContentProvider(ArrayContentProvider.getInstance());
        column("#", 40, row -> Integer.toString(row.index() + 1), true);
        column("Pattern", 150, row -> row.rule().pattern(), false);
        column("Priority", 90, row -> row.rule().priority(), false);
        column("Matches", 70, row -> row.matches() < 0 ? "" : Integer.toString(row.matches()), false);
        column("Note", 140, row -> row.rule().note(), false);
        column("Problem", 260, Row::problem, false);
        rules.addSelectionChangedListener(e -> {
            if (!updating) {
                selected = rules.getTable().getSelectionIndex();
                showSelectedRule();
            }
        });

        Composite buttons = new Composite(rulesGroup, SWT.NONE);
        buttons.setLayout(new GridLayout(1, true));
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
        button(buttons, "Add", this::addRule);
        remove = button(buttons, "Remove", this::removeRule);
        up = button(buttons, "Up", () -> moveRule(-1));
        down = button(buttons, "Down", () -> moveRule(1));

        Composite detail = new Composite(rulesGroup, SWT.NONE);
        detail.setLayout(new GridLayout(2, false));
        detail.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        pattern = text(detail, "Pattern:");
        pattern.setToolTipText("<component>/<channel>; * is any run of characters, ? one character, e.g. ess*/Soc");
        pattern.addListener(SWT.Modify, e -> editRule("Edit pattern", rule -> rule.withPattern(pattern.getText()), "pattern"));
        rulePriority = priorityCombo(detail, "Priority:");
        rulePriority.addListener(SWT.Modify,
                e -> editRule("Edit priority", rule -> rule.withPriority(rulePriority.getText()), "priority"));
        note = text(detail, "Note:");
        note.addListener(SWT.Modify, e -> editRule("Edit note", rule -> rule.withNote(note.getText()), "note"));
    }

    private static Group group(Composite parent, String title, int columns) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(columns, false));
        return group;
    }

    private Text text(Composite parent, String label) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.BORDER);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.horizontalIndent = 8; // room for the error decoration
        text.setLayoutData(data);
        decorate(text);
        return text;
    }

    /** Editable, so a value read from a file that is not a priority stays visible (and marked). */
    private Combo priorityCombo(Composite parent, String label) {
        new Label(parent, SWT.NONE).setText(label);
        Combo combo = new Combo(parent, SWT.DROP_DOWN);
        for (PersistencePriority priority : PersistencePriority.values()) {
            combo.add(priority.name());
        }
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.horizontalIndent = 8;
        combo.setLayoutData(data);
        decorate(combo);
        return combo;
    }

    private void decorate(Control control) {
        ControlDecoration decoration = new ControlDecoration(control, SWT.LEFT | SWT.CENTER);
        decoration.setImage(errorImage);
        decoration.hide();
        decorations.put(control, decoration);
    }

    private void column(String title, int width, java.util.function.Function<Row, String> text, boolean marker) {
        TableViewerColumn column = new TableViewerColumn(rules, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Row) element);
            }

            @Override
            public Image getImage(Object element) {
                return marker && !((Row) element).problem().isEmpty() ? errorImage : null;
            }

            @Override
            public String getToolTipText(Object element) {
                String problem = ((Row) element).problem();
                return problem.isEmpty() ? null : problem;
            }
        });
    }

    private static Button button(Composite parent, String label, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        button.addListener(SWT.Selection, e -> action.run());
        return button;
    }

    // ------------------------------------------------------------------ edits

    private void edit(String label, PriorityProfile updated, String key) {
        if (!updating) {
            editing.change(label, updated, key);
        }
    }

    private void editRule(String label, java.util.function.UnaryOperator<ProfileRule> change, String field) {
        if (updating || selected < 0 || selected >= shown.rules().size()) {
            return;
        }
        List<ProfileRule> updated = new ArrayList<>(shown.rules());
        updated.set(selected, change.apply(updated.get(selected)));
        editing.change(label + " of rule " + (selected + 1), shown.withRules(updated), "rule" + selected + "." + field);
    }

    /** Adds an empty rule after the selected one (at the end without a selection) and selects it. */
    public void addRule() {
        List<ProfileRule> updated = new ArrayList<>(shown.rules());
        int at = selected < 0 ? updated.size() : selected + 1;
        updated.add(at, new ProfileRule("", PersistencePriority.HIGH.name()));
        selected = at;
        editing.change("Add rule", shown.withRules(updated), null);
        pattern.setFocus();
    }

    public void removeRule() {
        if (selected < 0 || selected >= shown.rules().size()) {
            return;
        }
        List<ProfileRule> updated = new ArrayList<>(shown.rules());
        updated.remove(selected);
        int removedAt = selected;
        selected = Math.min(selected, updated.size() - 1);
        editing.change("Remove rule " + (removedAt + 1), shown.withRules(updated), null);
    }

    /** Moves the selected rule up (-1) or down (+1); the order decides which rule wins. */
    public void moveRule(int delta) {
        int target = selected + delta;
        if (selected < 0 || target < 0 || target >= shown.rules().size()) {
            return;
        }
        List<ProfileRule> updated = new ArrayList<>(shown.rules());
        updated.add(target, updated.remove(selected));
        int from = selected;
        selected = target;
        editing.change("Move rule " + (from + 1) + (delta < 0 ? " up" : " down"), shown.withRules(updated), null);
    }

    public void select(int index) {
        selected = index;
        show(shown);
    }

    // ------------------------------------------------------------------ showing the model

    void show(PriorityProfile profile) {
        shown = profile;
        updating = true;
        try {
            setText(name, profile.name());
            priorityFields.forEach((field, combo) -> setText(combo, profile.field(field)));
            if (selected >= profile.rules().size()) {
                selected = profile.rules().size() - 1;
            }
            refreshRows();
        } finally {
            updating = false;
        }
        showSelectedRule();
    }

    private void refreshRows() {
        Map<Integer, String> ruleProblems = problems.stream().filter(ProfileProblem::isRuleProblem)
                .collect(Collectors.groupingBy(ProfileProblem::ruleIndex,
                        Collectors.mapping(p -> p.field() + ": " + p.message(), Collectors.joining("; "))));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < shown.rules().size(); i++) {
            rows.add(new Row(i, shown.rules().get(i), ruleProblems.getOrDefault(i, ""),
                    i < ruleMatches.length ? ruleMatches[i] : -1));
        }
        rules.setInput(rows);
        rules.setSelection(selected < 0 ? StructuredSelection.EMPTY : new StructuredSelection(rows.get(selected)));
    }

    private void showSelectedRule() {
        boolean hasRule = selected >= 0 && selected < shown.rules().size();
        updating = true;
        try {
            ProfileRule rule = hasRule ? shown.rules().get(selected) : new ProfileRule("", "");
            setText(pattern, rule.pattern());
            setText(rulePriority, rule.priority());
            setText(note, rule.note());
        } finally {
            updating = false;
        }
        for (Control control : List.of(pattern, rulePriority, note, remove)) {
            control.setEnabled(hasRule);
        }
        up.setEnabled(hasRule && selected > 0);
        down.setEnabled(hasRule && selected < shown.rules().size() - 1);
        markProblems(problems);
    }

    /** Shows the markers: a decoration on each field at fault (the selected rule's too) and the table's column. */
    void markProblems(List<ProfileProblem> current) {
        boolean rowsChanged = !current.equals(problems);
        problems = current;
        decorations.values().forEach(ControlDecoration::hide);
        for (ProfileProblem problem : current) {
            Control control = problem.isRuleProblem() ? (problem.ruleIndex() == selected
                    ? (ProfileProblem.PATTERN.equals(problem.field()) ? pattern : rulePriority) : null)
                    : priorityFields.get(problem.field());
            if (control != null) {
                ControlDecoration decoration = decorations.get(control);
                decoration.setDescriptionText(problem.message());
                decoration.show();
            }
        }
        if (rowsChanged) {
            updating = true;
            try {
                refreshRows();
            } finally {
                updating = false;
            }
        }
    }

    /** Per rule, the channels of the running agent it decides (from the preview). */
    void setRuleMatches(int[] matches) {
        if (!java.util.Arrays.equals(matches, ruleMatches)) {
            ruleMatches = matches;
            updating = true;
            try {
                refreshRows();
            } finally {
                updating = false;
            }
        }
    }

    private static void setText(Text text, String value) {
        if (!text.getText().equals(value)) {
            text.setText(value);
        }
    }

    private static void setText(Combo combo, String value) {
        if (!combo.getText().equals(value)) {
            combo.setText(value);
        }
    }

    /** The decoration on a field, for tests: its description is the problem, null when it shows none. */
    public String markerOn(Control control) {
        ControlDecoration decoration = decorations.get(control);
        return decoration != null && decoration.isVisible() ? decoration.getDescriptionText() : null;
    }

    public TableViewer rulesViewer() {
        return rules;
    }

    public Text patternField() {
        return pattern;
    }

    public Combo priorityField(String field) {
        return priorityFields.get(field);
    }

    void setFocus() {
        name.setFocus();
    }

    boolean isDisposed() {
        return root.isDisposed();
    }
}
