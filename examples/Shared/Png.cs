using ScottPlot;

/// <summary>Writes the examples' pictures with ScottPlot. A picture is an illustration, not the result: when it
/// cannot be written (no native Skia library, a read-only folder…) the example says why and goes on, so its exit
/// code reports only whether the training or the fit succeeded.</summary>
internal static class Png
{
    /// <summary>Saves the plot as a PNG in the example's project folder (the one its README shows it from) and
    /// prints the path, or the reason it was not written. Under <c>CI=true</c> it writes to a temporary folder.</summary>
    public static void Save(Func<Plot> plot, string fileName, int width = 640, int height = 400)
    {
        // A CI run trains a shortened schedule: its picture must not replace the committed one the README shows.
        var folder = Environment.GetEnvironmentVariable("CI") == "true"
            ? Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "exprgrad-examples")).FullName
            : AppContext.GetData("ExampleFolder") as string ?? Directory.GetCurrentDirectory();
        var path = Path.Combine(folder, fileName);
        try
        {
            using var p = plot();
            p.SavePng(path, width, height);
            Console.WriteLine($"wrote {path}");
        }
        catch (Exception e)
        {
            // Any failure here (a missing native library surfaces as TypeInitializationException, DllNotFoundException
            // or EntryPointNotFoundException; a read-only clone as IOException) leaves the example's verdict alone.
            Console.WriteLine($"could not write {path} ({e.GetType().Name}: {e.Message}); going on without the picture");
        }
    }
}
