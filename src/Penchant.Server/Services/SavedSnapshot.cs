using System.Text;
using Microsoft.Extensions.Options;
using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;
using Penchant.Core.Privacy;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Rules;
using Penchant.Core.Search;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Keeps the serving snapshot, so that a restarted server serves at once from what its last training run produced
/// while it trains anew: the model, the id maps, the training data (for audiences and exploration), popularity,
/// trending, the interest clusters, the bought-together rules and the models of the recommenders experiments' variants name. It is a file
/// (<see cref="PenchantServerOptions.SnapshotFile"/>: beside the SQLite database by default), or with PostgreSQL a blob
/// in the database (<see cref="ISnapshotBlobStore"/>). The catalogue is read from the store at start, as it is now.
/// </summary>
/// <remarks>
/// The snapshot holds pseudonyms and histories, so an erasure or a retention purge deletes it (<see cref="DeleteAsync"/>;
/// PostgreSQL's erasure also deletes it in its own transaction), and a training run that began before the last deletion
/// does not write it: the next run that began afterwards does. It is read back only when it was written under the same
/// pseudonym key and for the same recommender and the same recommenders in experiments, over the same store and with no deletion of
/// shoppers' data since it was trained (<see cref="StaleReason"/>); otherwise the server starts as without one and says
/// why in its log.
/// </remarks>
public sealed partial class SavedSnapshot(
    IPenchantStore store,
    IngestPrivacy privacy,
    IOptions<PenchantServerOptions> options,
    ExperimentRouter experiments,
    ILogger<SavedSnapshot> logger)
{
    /// <summary>The format version written; readers take it and every version from <see cref="OldestReadable"/> on.</summary>
    public const int FormatVersion = 5;

    /// <summary>
    /// The oldest format version read: format 3 is format 4 without the embeddings endpoint's item vectors, and format 4 is
    /// format 5 without what shoppers chose after each search, so a server upgraded from either serves its snapshot at once
    /// (searching without them until the next training run computes them).
    /// </summary>
    public const int OldestReadable = 3;

    private static bool Readable(int version) => version is >= OldestReadable and <= FormatVersion;

    private static ReadOnlySpan<byte> Magic => "PNCHSNP1"u8;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string? _file = options.Value.SnapshotFile() is { } file ? System.IO.Path.GetFullPath(file) : null;
    private readonly ISnapshotBlobStore? _blob = options.Value.SnapshotInStore() ? store as ISnapshotBlobStore : null;
    private long _deletions;

    /// <summary>For tests: runs between the last look at the store's deletions and the move of the written file into place.</summary>
    internal Func<Task>? BeforeMove { get; set; }

    /// <summary>Where the snapshot is kept: the file's full path, or the store's words for its blob; null when none is kept.</summary>
    public string? Location => _file ?? _blob?.SnapshotLocation;

    /// <summary>How many times the snapshot has been deleted; a training run reads it as it begins and hands it to <see cref="SaveAsync"/>.</summary>
    public long Deletions => Interlocked.Read(ref _deletions);

    /// <summary>
    /// Writes <paramref name="snapshot"/> to a temporary file and moves it over the saved one (or hands it to the store
    /// whole); false, writing nothing, when none is kept, it was deleted after the run began
    /// (<paramref name="deletionsAtStart"/> is <see cref="Deletions"/> as the run began), or the one saved was trained
    /// at a later revision of the store (by another process).
    /// </summary>
    public async Task<bool> SaveAsync(ServingSnapshot snapshot, long deletionsAtStart, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Location is not { } location || snapshot.TrainingData is null)
        {
            return false;
        }

        await _gate.WaitAsync(cancellation);
        try
        {
            if (Deletions != deletionsAtStart)
            {
                LogSkipped(logger, location);
                return false;
            }

            // Another process (a second server, penchant train) may have saved one trained at a later revision meanwhile.
            if (snapshot.Revision is { } revision && await PeekAsync(cancellation) is { } kept
                && kept.Revision.Store == revision.Store && kept.Revision.Value > revision.Value)
            {
                LogNewerKept(logger, location, kept.Revision.Value, revision.Value);
                return false;
            }

            if (_blob is not null)
            {
                await using var buffer = new FileStream(System.IO.Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                Write(snapshot, buffer);
                buffer.Seek(0, SeekOrigin.Begin);
                if (!await _blob.SaveSnapshotAsync(buffer, snapshot.Revision?.Deletions, cancellation))
                {
                    LogDeletedSince(logger, location);
                    return false;
                }

                return true;
            }

            var temporary = location + ".tmp";
            try
            {
                await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    Write(snapshot, stream);
                }

                // Another process may have erased a shopper while this run trained (this process's erasures are counted above).
                if (snapshot.Revision is { } trained && (await store.GetRevisionAsync(cancellation)).Deletions != trained.Deletions)
                {
                    File.Delete(temporary);
                    LogDeletedSince(logger, location);
                    return false;
                }

                if (BeforeMove is { } hook)
                {
                    await hook();
                }

                File.Move(temporary, location, overwrite: true);

                // And looked again after the move: an erasure by another process between the look above and the move
                // deleted the old file, not this one, so this one goes. (One after this look deletes this file itself.)
                if (snapshot.Revision is { } written && (await store.GetRevisionAsync(CancellationToken.None)).Deletions != written.Deletions)
                {
                    File.Delete(location);
                    LogDeletedSince(logger, location);
                    return false;
                }

                return true;
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the saved snapshot (and a half-written file), and keeps runs that began before now from writing it.</summary>
    /// <returns>Whether there was one.</returns>
    public async Task<bool> DeleteAsync(CancellationToken cancellation = default)
    {
        if (Location is not { } location)
        {
            return false;
        }

        await _gate.WaitAsync(cancellation);
        try
        {
            Interlocked.Increment(ref _deletions);
            if (_blob is not null)
            {
                return await _blob.DeleteSnapshotAsync(cancellation);
            }

            var existed = File.Exists(location);
            File.Delete(location);
            File.Delete(location + ".tmp");
            return existed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The saved snapshot as version 1 (<see cref="LoadAsync(long, CancellationToken)"/>).</summary>
    public Task<ServingSnapshot?> LoadAsync(CancellationToken cancellation) => LoadAsync(1, cancellation);

    /// <summary>
    /// The saved snapshot as version <paramref name="version"/> (keeping the store revision and settings it was
    /// trained at), with the catalogue as the store holds it now; null (logging why) when there is none or it cannot serve.
    /// </summary>
    public async Task<ServingSnapshot?> LoadAsync(long version, CancellationToken cancellation)
    {
        if (Location is not { } path)
        {
            return null;
        }

        Saved saved;
        try
        {
            await using var stream = _blob is not null
                ? await _blob.OpenSnapshotAsync(cancellation)
                : File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16) : null;
            if (stream is null)
            {
                return null;
            }

            saved = Read(stream);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            LogRefused(logger, path, e.Message);
            return null;
        }

        if (Refusal(saved) is { } why)
        {
            LogRefused(logger, path, why);
            return null;
        }

        var now = await store.GetRevisionAsync(cancellation);
        if (StaleReason(saved.Revision, now) is { } stale)
        {
            LogRefused(logger, path, stale);

            // Trained before shoppers' data was erased or purged, it still holds that data: a process that stopped between
            // moving it into place and looking again (which would have deleted it) left it behind, so it goes now.
            if (saved.Revision is { } trained && trained.Store == now.Store)
            {
                await DeleteAsync(cancellation);
            }

            return null;
        }

        var data = saved.Data;
        var catalogue = new Item?[data.ItemCount];
        await foreach (var item in store.StreamItemsAsync(cancellation))
        {
            if (data.Items.IndexOf(item.Id) is var i and >= 0)
            {
                catalogue[i] = item;
            }
        }

        var snapshot = new ServingSnapshot(
            version, saved.Recommender, saved.Model, data.Users, data.Items, catalogue, saved.Popularity, saved.Trending,
            saved.Interactions, saved.Events, saved.TrainedAt, saved.Duration, saved.Clusters)
        {
            Exploration = ExplorationModel.Build(data.Sequences, catalogue, saved.Clusters, saved.Clusters is null ? [] : ServingSnapshot.DistinctLabels(saved.Clusters)),
            BoughtTogether = saved.BoughtTogether,
            TextEmbeddings = saved.TextEmbeddings,
            TextVectors = saved.TextVectors,
            SearchEngagement = saved.SearchEngagement,
            ClusterNames = saved.ClusterNames,
            Selection = saved.Selection,
            SelectedAt = saved.SelectedAt,
            TrainingData = data,
            RestoredFrom = path,
            Revision = saved.Revision,
            Settings = saved.Settings,
        };
        if (experiments.Recommenders.Count > 0)
        {
            snapshot = snapshot.WithAlternatives(experiments.Recommenders.ToDictionary(
                static r => r,
                r => string.Equals(r, saved.Recommender, StringComparison.OrdinalIgnoreCase) ? snapshot : snapshot.WithModel(saved.Alternatives[r], r),
                StringComparer.OrdinalIgnoreCase));
        }

        LogRestored(logger, path, saved.Recommender, saved.TrainedAt);
        return snapshot;
    }

    /// <summary>
    /// The store revision and training settings digest the saved snapshot was trained at, read from its header alone
    /// (another process, such as a second server over the same PostgreSQL schema or <c>penchant train</c>, may have
    /// written it); null when there is none, it cannot be read, or it was written under another pseudonym key or for
    /// another <c>Recommender</c>.
    /// </summary>
    public async Task<(StoreRevision Revision, string Settings)?> PeekAsync(CancellationToken cancellation)
    {
        if (Location is not { } path)
        {
            return null;
        }

        try
        {
            byte[]? head;
            if (_blob is not null)
            {
                head = await _blob.ReadSnapshotHeadAsync(HeadBytes, cancellation);
            }
            else
            {
                await using var file = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096) : null;
                head = file is null ? null : new byte[Math.Min(HeadBytes, file.Length)];
                if (file is not null)
                {
                    await file.ReadExactlyAsync(head!, cancellation);
                }
            }

            if (head is null)
            {
                return null;
            }

            using var reader = new BinaryReader(new MemoryStream(head), Encoding.UTF8);
            var header = ReadHeader(reader);
            return header.KeyCheck == KeyCheck() && string.Equals(header.Configured, options.Value.Recommender, StringComparison.OrdinalIgnoreCase)
                && header.Revision is { } revision
                ? (revision, header.Settings)
                : null;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            return null;
        }
    }

    // Enough for any header (it holds a few short strings and numbers, and auto's selection in words).
    private const int HeadBytes = 64 << 10;

    /// <summary>
    /// The <c>Penchant:Recommender</c> setting the snapshot at <paramref name="path"/> was trained for (e.g. <c>auto</c>),
    /// read from its header; null when there is no such file or it is not a snapshot of this format.
    /// </summary>
    public static string? RecommenderIn(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || !Readable(reader.ReadInt32()))
            {
                return null;
            }

            _ = reader.ReadString();
            return reader.ReadString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why a snapshot trained at <paramref name="trained"/> must not serve the store at <paramref name="now"/>, or null:
    /// it was trained over another store (a database created anew), or before a deletion of shoppers' data. Events are
    /// deleted only by counted deletions, so otherwise the store holds every event the run read.
    /// </summary>
    public static string? StaleReason(StoreRevision? trained, StoreRevision now) =>
        trained is not { } at || at.Store != now.Store ? "it was trained over another store (the database was created anew)"
        : at.Deletions != now.Deletions ? "shoppers' data was erased or purged after it was trained"
        : null;

    // Why a readable file cannot serve under the settings in effect, or null.
    private string? Refusal(Saved saved)
    {
        if (saved.KeyCheck != KeyCheck())
        {
            return "it was written under another pseudonym key";
        }

        if (!string.Equals(saved.Configured, options.Value.Recommender, StringComparison.OrdinalIgnoreCase))
        {
            return $"it was trained for Penchant:Recommender '{saved.Configured}', and the setting is now '{options.Value.Recommender}'";
        }

        // Every recommender the experiments name, other than the one trained as the main model, must be in the file.
        var needed = experiments.Recommenders.Where(r => !string.Equals(r, saved.Recommender, StringComparison.OrdinalIgnoreCase))
            .Select(static r => r.ToUpperInvariant()).Order(StringComparer.Ordinal);
        var kept = saved.Alternatives.Keys.Select(static r => r.ToUpperInvariant()).Order(StringComparer.Ordinal);
        return needed.SequenceEqual(kept, StringComparer.Ordinal) ? null : "the recommenders of the experiments' variants have changed since it was written";
    }

    // A value the pseudonym key fixes without revealing it: the pseudonym of a string no shop id can hold.
    private string KeyCheck() => privacy.UserKey("\0penchant-snapshot");

    private void Write(ServingSnapshot snapshot, Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(KeyCheck());
        writer.Write(options.Value.Recommender);
        writer.Write(snapshot.Recommender);
        writer.Write(snapshot.Selection ?? "");
        writer.Write(snapshot.SelectedAt?.UtcTicks ?? 0L);
        writer.Write(snapshot.ClusterNames);
        writer.Write(snapshot.TextEmbeddings);
        writer.Write(snapshot.Interactions);
        writer.Write(snapshot.Events);
        writer.Write((snapshot.TrainedAt ?? DateTimeOffset.UnixEpoch).UtcTicks);
        writer.Write(snapshot.TrainingDuration.Ticks);
        writer.Write(snapshot.Revision?.Store ?? "");
        writer.Write(snapshot.Revision?.Value ?? 0L);
        writer.Write(snapshot.Revision?.Deletions ?? 0L);
        writer.Write(snapshot.Settings ?? "");
        snapshot.TrainingData!.Write(writer);
        ModelFile.WriteArray(writer, snapshot.Popularity);
        ModelFile.WriteArray(writer, snapshot.Trending);
        WriteModel(writer, snapshot.Model);
        WriteModel(writer, snapshot.BoughtTogether);
        writer.Write(snapshot.Clusters is not null);
        snapshot.Clusters?.Write(writer);

        // The experiments' other recommenders, each once; one that is the main model is not written again.
        var others = (snapshot.Alternatives ?? new Dictionary<string, ServingSnapshot>())
            .Where(p => !string.Equals(p.Key, snapshot.Recommender, StringComparison.OrdinalIgnoreCase)).ToArray();
        writer.Write(others.Length);
        foreach (var (recommender, alternative) in others)
        {
            writer.Write(recommender);
            WriteModel(writer, alternative.Model);
        }

        // The embeddings endpoint's item vectors, for search by meaning after a restart (format 4 on).
        writer.Write(snapshot.TextVectors is not null);
        if (snapshot.TextVectors is { } vectors)
        {
            writer.Write(vectors.ItemCount);
            writer.Write(vectors.Dimensions);
            ModelFile.WriteArray(writer, vectors.Values);
        }

        // What shoppers chose after each search (format 5 on).
        writer.Write(snapshot.SearchEngagement is not null);
        snapshot.SearchEngagement?.Write(writer);
    }

    private static void WriteModel(BinaryWriter writer, IRecommenderModel? model)
    {
        writer.Write(model is not null);
        if (model is not null)
        {
            writer.Flush();
            ModelFile.Save(model, writer.BaseStream);
        }
    }

    private static IRecommenderModel? ReadModel(BinaryReader reader) => reader.ReadBoolean() ? ModelFile.Load(reader.BaseStream) : null;

    // The fields before the training data: small, so that PeekAsync reads only them.
    private sealed record Header(
        int Version,
        string KeyCheck, string Configured, string Recommender, string Selection, long SelectedAt, string ClusterNames, string TextEmbeddings,
        long Interactions, long Events, DateTimeOffset TrainedAt, TimeSpan Duration, StoreRevision? Revision, string Settings);

    private static Header ReadHeader(BinaryReader reader)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("it is not a Penchant snapshot (bad magic)");
        }

        var version = reader.ReadInt32();
        if (!Readable(version))
        {
            throw new InvalidDataException($"its format version {version} is not one this build reads ({OldestReadable} to {FormatVersion})");
        }

        var keyCheck = reader.ReadString();
        var configured = reader.ReadString();
        var recommender = reader.ReadString();
        var selection = reader.ReadString();
        var selectedAt = reader.ReadInt64();
        var clusterNames = reader.ReadString();
        var textEmbeddings = reader.ReadString();
        var interactions = reader.ReadInt64();
        var events = reader.ReadInt64();
        var trainedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var duration = TimeSpan.FromTicks(reader.ReadInt64());
        var revisionStore = reader.ReadString();
        var revisionValue = reader.ReadInt64();
        var revisionDeletions = reader.ReadInt64();
        StoreRevision? revision = revisionStore.Length == 0 ? null : new StoreRevision(revisionStore, revisionValue, revisionDeletions);
        return new Header(version, keyCheck, configured, recommender, selection, selectedAt, clusterNames, textEmbeddings, interactions, events, trainedAt, duration,
            revision, reader.ReadString());
    }

    private static Saved Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var (version, keyCheck, configured, recommender, selection, selectedAt, clusterNames, textEmbeddings, interactions, events, trainedAt, duration, revision, settings) =
            ReadHeader(reader);
        var data = InteractionData.Read(reader);
        var popularity = ModelFile.ReadFloats(reader);
        var trending = ModelFile.ReadFloats(reader);
        var model = ReadModel(reader);
        var boughtTogether = ReadModel(reader);
        var clusters = reader.ReadBoolean() ? InterestClusters.Read(reader) : null;
        var alternatives = new Dictionary<string, IRecommenderModel?>(StringComparer.OrdinalIgnoreCase);
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var name = reader.ReadString();
            if (!alternatives.TryAdd(name, ReadModel(reader)))
            {
                throw new InvalidDataException($"it holds the model of '{name}' twice");
            }
        }

        // Format 3 ends here; format 4 adds the item vectors.
        ItemEmbeddings? vectors = null;
        if (version >= 4 && reader.ReadBoolean())
        {
            var count = reader.ReadInt32();
            var dimensions = reader.ReadInt32();
            var values = ModelFile.ReadFloats(reader);
            if (count != data.ItemCount || dimensions <= 0 || values.Length != (long)count * dimensions)
            {
                throw new InvalidDataException($"it holds {values.Length} text-vector values for {count} of {data.ItemCount} items in {dimensions} dimensions");
            }

            vectors = new ItemEmbeddings(count, dimensions, values);
        }

        // Format 4 ends here; format 5 adds what shoppers chose after each search.
        var engagement = version >= 5 && reader.ReadBoolean() ? SearchEngagement.Read(reader, data.ItemCount) : null;

        if (popularity.Length != data.ItemCount || trending.Length != data.ItemCount)
        {
            throw new InvalidDataException($"it holds {popularity.Length} popularities for {data.ItemCount} items");
        }

        if (boughtTogether is not null and not AssociationRuleModel)
        {
            throw new InvalidDataException($"its bought-together rules are a '{boughtTogether.Kind}' model");
        }

        return new Saved(
            keyCheck, configured, recommender, selection.Length == 0 ? null : selection,
            selectedAt == 0 ? null : new DateTimeOffset(selectedAt, TimeSpan.Zero), clusterNames, textEmbeddings, interactions, events,
            trainedAt, duration, revision, settings.Length == 0 ? null : settings, data, popularity, trending, model, (AssociationRuleModel?)boughtTogether,
            clusters, alternatives, vectors, engagement);
    }

    private sealed record Saved(
        string KeyCheck,
        string Configured,
        string Recommender,
        string? Selection,
        DateTimeOffset? SelectedAt,
        string ClusterNames,
        string TextEmbeddings,
        long Interactions,
        long Events,
        DateTimeOffset TrainedAt,
        TimeSpan Duration,
        StoreRevision? Revision,
        string? Settings,
        InteractionData Data,
        float[] Popularity,
        float[] Trending,
        IRecommenderModel? Model,
        AssociationRuleModel? BoughtTogether,
        InterestClusters? Clusters,
        Dictionary<string, IRecommenderModel?> Alternatives,
        ItemEmbeddings? TextVectors,
        SearchEngagement? SearchEngagement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not saved at {Path}: shoppers' data was erased or purged while this run trained")]
    private static partial void LogDeletedSince(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "The snapshot saved at {Path} was trained at the store's revision {Kept}, later than this run's {Revision}: it is kept")]
    private static partial void LogNewerKept(ILogger logger, string path, long kept, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the snapshot saved at {Path} ({Recommender}, trained {TrainedAt:u})")]
    private static partial void LogRestored(ILogger logger, string path, string recommender, DateTimeOffset trainedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved snapshot at {Path} is not used: {Reason}; the server serves once it has trained")]
    private static partial void LogRefused(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The snapshot at {Path} is not saved from this run: a shopper was erased or data was purged after the run began")]
    private static partial void LogSkipped(ILogger logger, string path);
}
