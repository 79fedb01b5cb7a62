using System.Diagnostics;

static class Timing
{
    /// <summary>The median wall-clock time of 31 calls, in milliseconds, after 5 to warm up.</summary>
    public static double Median(Action action, int calls = 31)
    {
        for (int i = 0; i < 5; i++) action();
        var times = new double[calls];
        for (int i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }
}
