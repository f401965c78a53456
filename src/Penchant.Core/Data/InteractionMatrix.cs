using System.Runtime.InteropServices;

namespace Penchant.Core.Data;

/// <summary>
/// An immutable sparse user x item matrix in compressed sparse row form. Rows are users, columns items;
/// the columns of each row are sorted ascending and unique.
/// </summary>
public sealed class InteractionMatrix
{
    private readonly int[] _rowPointers;
    private readonly int[] _columns;
    private readonly float[] _values;

    /// <summary>Wraps CSR arrays (not copied). Columns in each row must be sorted and unique.</summary>
    public InteractionMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPointers.Length != rows + 1)
        {
            throw new ArgumentException($"rowPointers must have rows + 1 = {rows + 1} entries.", nameof(rowPointers));
        }

        if (columnIndices.Length != values.Length || rowPointers[rows] != values.Length)
        {
            throw new ArgumentException("columnIndices, values and rowPointers[rows] must agree.", nameof(values));
        }

        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columns = columnIndices;
        _values = values;
    }

    /// <summary>Number of rows (users).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (items).</summary>
    public int Columns { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => _values.Length;

    /// <summary>Row start offsets; length Rows + 1.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>Column index of each stored entry.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columns;

    /// <summary>Value of each stored entry.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The column indices of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> RowColumns(int row) =>
        _columns.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);

    /// <summary>The values of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> RowValues(int row) =>
        _values.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);

    /// <summary>The number of entries in row <paramref name="row"/>.</summary>
    public int RowLength(int row) => _rowPointers[row + 1] - _rowPointers[row];

    /// <summary>The value at (row, column), or 0.</summary>
    public float Get(int row, int column)
    {
        var columns = RowColumns(row);
        var at = columns.BinarySearch(column);
        return at >= 0 ? RowValues(row)[at] : 0f;
    }

    /// <summary>The transpose (items x users), built in O(nnz).</summary>
    /// <summary>Writes the shape and the CSR arrays (rows, columns, row pointers, column indices, values) for <see cref="Read"/>.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Rows);
        writer.Write(Columns);
        Recommenders.ModelFile.WriteArray(writer, _rowPointers);
        Recommenders.ModelFile.WriteArray(writer, _columns);
        Recommenders.ModelFile.WriteArray(writer, _values);
    }

    /// <summary>Reads a matrix written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The arrays do not fit the shape.</exception>
    public static InteractionMatrix Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = reader.ReadInt32();
        var columns = reader.ReadInt32();
        if (rows < 0 || columns < 0)
        {
            throw new InvalidDataException($"A matrix of {rows} x {columns}.");
        }

        var rowPointers = Recommenders.ModelFile.ReadInts(reader);
        var columnIndices = Recommenders.ModelFile.ReadInts(reader);
        var values = Recommenders.ModelFile.ReadFloats(reader);
        try
        {
            return new InteractionMatrix(rows, columns, rowPointers, columnIndices, values);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"A {rows} x {columns} matrix whose arrays do not fit: {e.Message}", e);
        }
    }

    public InteractionMatrix Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (var c in _columns)
        {
            counts[c + 1]++;
        }

        for (var i = 0; i < Columns; i++)
        {
            counts[i + 1] += counts[i];
        }

        var next = counts.AsSpan(0, Columns).ToArray();
        var cols = new int[_values.Length];
        var vals = new float[_values.Length];
        for (var r = 0; r < Rows; r++)
        {
            for (var k = _rowPointers[r]; k < _rowPointers[r + 1]; k++)
            {
                var at = next[_columns[k]]++;
                cols[at] = r;
                vals[at] = _values[k];
            }
        }

        return new InteractionMatrix(Columns, Rows, counts, cols, vals);
    }

    /// <summary>A copy with every stored value set to 1.</summary>
    public InteractionMatrix Binarize()
    {
        var ones = new float[_values.Length];
        ones.AsSpan().Fill(1f);
        return new InteractionMatrix(Rows, Columns, _rowPointers, _columns, ones);
    }

    /// <summary>
    /// Builds a matrix from interactions, summing duplicates. Entries whose total is not positive are dropped
    /// (negative evidence such as dislikes is kept out of the matrix).
    /// </summary>
    public static InteractionMatrix FromInteractions(int rows, int columns, IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var list = interactions as List<Interaction> ?? [.. interactions];
        return FromInteractions(rows, columns, CollectionsMarshal.AsSpan(list));
    }

    /// <summary>Builds a matrix from interactions, summing duplicates and dropping non-positive totals.</summary>
    public static InteractionMatrix FromInteractions(int rows, int columns, ReadOnlySpan<Interaction> interactions)
    {
        // Counting sort by row, then sort each row by column and merge duplicates.
        var counts = new int[rows + 1];
        foreach (ref readonly var x in interactions)
        {
            if ((uint)x.User >= (uint)rows || (uint)x.Item >= (uint)columns)
            {
                throw new ArgumentOutOfRangeException(nameof(interactions), $"Interaction ({x.User}, {x.Item}) is outside {rows} x {columns}.");
            }

            counts[x.User + 1]++;
        }

        for (var i = 0; i < rows; i++)
        {
            counts[i + 1] += counts[i];
        }

        var next = counts.AsSpan(0, rows).ToArray();
        var cols = new int[interactions.Length];
        var vals = new float[interactions.Length];
        foreach (ref readonly var x in interactions)
        {
            var at = next[x.User]++;
            cols[at] = x.Item;
            vals[at] = x.Weight;
        }

        var pointers = new int[rows + 1];
        var write = 0;
        for (var r = 0; r < rows; r++)
        {
            var start = counts[r];
            var end = counts[r + 1];
            Array.Sort(cols, vals, start, end - start);
            pointers[r] = write;
            var k = start;
            while (k < end)
            {
                var c = cols[k];
                var sum = 0f;
                while (k < end && cols[k] == c)
                {
                    sum += vals[k];
                    k++;
                }

                if (sum > 0f)
                {
                    cols[write] = c;
                    vals[write] = sum;
                    write++;
                }
            }
        }

        pointers[rows] = write;
        Array.Resize(ref cols, write);
        Array.Resize(ref vals, write);
        return new InteractionMatrix(rows, columns, pointers, cols, vals);
    }
}
