using System.Diagnostics;
using Penchant.Core.Data;

namespace Penchant.Storage.Import;

/// <summary>
/// One import in progress: buffers rows into batches for the store, counts what was stored, keeps the first
/// rejected lines and reports progress. Importers create one per run.
/// </summary>
internal sealed class ImportSession
{
    private const int ProgressEveryLines = 8192;

    private readonly IPenchantStore _store;
    private readonly ImportOptions _options;
    private readonly IProgress<ImportProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Item> _items = [];
    private readonly List<User> _users = [];
    private readonly List<Event> _events = [];
    private readonly List<ImportError> _errors = [];
    private readonly List<string> _files = [];
    private readonly long _bytesTotal;
    private long _bytesBefore;
    private long _lines;
    private long _rejected;
    private ImportTally _itemTally;
    private ImportTally _userTally;
    private ImportTally _eventTally;

    public ImportSession(IPenchantStore store, ImportOptions? options, IProgress<ImportProgress>? progress, IEnumerable<string> files, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? ImportOptions.Default;
        _progress = progress;
        _cancellation = cancellation;
        _bytesTotal = files.Where(File.Exists).Sum(static f => new FileInfo(f).Length);
    }

    public CancellationToken Cancellation => _cancellation;

    /// <summary>Counts an item the importer knows is already stored (never sent to the store).</summary>
    public void CountKnownItem() => _itemTally = new ImportTally(_itemTally.Accepted, _itemTally.Duplicates + 1);

    public async ValueTask AddAsync(Item item)
    {
        _items.Add(item);
        if (_items.Count >= _options.BatchSize)
        {
            await FlushItemsAsync();
        }
    }

    public async ValueTask AddAsync(User user)
    {
        _users.Add(user);
        if (_users.Count >= _options.BatchSize)
        {
            await FlushUsersAsync();
        }
    }

    public async ValueTask AddAsync(Event e)
    {
        _events.Add(e);
        if (_events.Count >= _options.BatchSize)
        {
            await FlushEventsAsync();
        }
    }

    public void Reject(LineReader file, long line, string reason)
    {
        _rejected++;
        if (_errors.Count < _options.MaxErrors)
        {
            _errors.Add(new ImportError(file.Name, line, reason));
        }
    }

    /// <summary>Opens a file of the import; dispose it and call <see cref="EndFile"/> when done.</summary>
    public LineReader BeginFile(string path, System.Text.Encoding encoding)
    {
        _files.Add(path);
        return new LineReader(path, encoding);
    }

    /// <summary>Called after every line: reports progress now and then and honours cancellation.</summary>
    public void LineDone(LineReader file)
    {
        if (++_lines % ProgressEveryLines == 0)
        {
            _cancellation.ThrowIfCancellationRequested();
            _progress?.Report(new ImportProgress(file.Name, _bytesBefore + file.BytesRead, _bytesTotal, _lines));
        }
    }

    public void EndFile(LineReader file)
    {
        _bytesBefore += file.BytesRead;
        _progress?.Report(new ImportProgress(file.Name, _bytesBefore, _bytesTotal, _lines));
    }

    public async Task FlushAsync()
    {
        await FlushItemsAsync();
        await FlushUsersAsync();
        await FlushEventsAsync();
    }

    private async Task FlushItemsAsync()
    {
        if (_items.Count > 0)
        {
            _itemTally += await _store.UpsertItemsAsync(_items, _cancellation);
            _items.Clear();
        }
    }

    private async Task FlushUsersAsync()
    {
        if (_users.Count > 0)
        {
            _userTally += await _store.UpsertUsersAsync(_users, _cancellation);
            _users.Clear();
        }
    }

    private async Task FlushEventsAsync()
    {
        if (_events.Count > 0)
        {
            _eventTally += await _store.AppendEventsAsync(_events, _cancellation);
            _events.Clear();
        }
    }

    /// <summary>Flushes what is left and returns the report.</summary>
    public async Task<ImportReport> FinishAsync()
    {
        await FlushAsync();
        return new ImportReport(_itemTally, _userTally, _eventTally, _rejected, [.. _errors], _clock.Elapsed, [.. _files]);
    }
}
