package io.uplink.testkit.swt;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/** A table, virtual or not (SWTBot: {@code SWTBotTable}). */
public class UiTable extends AbstractUiControl<Table> {

    UiTable(UiBot bot, Table widget) {
        super(bot, widget);
    }

    public int rowCount() {
        return widget.getItemCount();
    }

    /** Selects a row as a click does: the selection, then a Selection event (SWTBot: {@code select(int)}). */
    public UiTable select(int row) {
        checkActionable();
        if (row < 0 || row >= rowCount()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rowCount());
        }
        widget.setSelection(row);
        Event event = new Event();
        event.item = widget.getItem(row);
        notify(SWT.Selection, event);
        return this;
    }

    public int selectionIndex() {
        return widget.getSelectionIndex();
    }

    public int columnCount() {
        return widget.getColumnCount();
    }

    /** The text of a cell; in a virtual table this asks the table to materialize the row, as painting does. */
    public String cell(int row, int column) {
        if (row < 0 || row >= rowCount()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rowCount());
        }
        return widget.getItem(row).getText(column);
    }

    /** The text of a cell in the column with this header. */
    public String cell(int row, String columnHeader) {
        return cell(row, columnIndex(columnHeader));
    }

    public int columnIndex(String header) {
        TableColumn[] columns = widget.getColumns();
        for (int i = 0; i < columns.length; i++) {
            if (header.equals(columns[i].getText())) {
                return i;
            }
        }
        throw new WidgetNotFoundException("no column '" + header + "'");
    }
}
