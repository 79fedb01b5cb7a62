/// `skip`, `take`, `skipWhile`, `takeWhile` and `choose` (issue 15): the input read from an offset or through the
/// indices the chooser keeps, the counts computed by F#'s own functions when the gradient runs (so one gradient
/// serves every length, and F#'s exceptions are F#'s); no gradient through a predicate's or chooser's verdict.
/// Expected values by hand in each test's comment, or central differences.
module ExprGrad.FSharp.Tests.SkipTakeTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``skip and take read the elements they keep`` () =
    // Σ over x₂, x₃ of v² plus Σ over x₁, x₂ of v³ at (1, 2, 3): gradient (3·1², 2·2 + 3·2², 2·3) = (3, 16, 6).
    let f = <@ fun (x: float[]) -> (x |> Array.skip 1 |> Array.sumBy (fun v -> v * v)) + (x |> Array.take 2 |> Array.sumBy (fun v -> v * v * v)) @>
    let value, g = valueAndGrad f [| 1.0; 2.0; 3.0 |]
    Assert.Equal(4.0 + 9.0 + 1.0 + 8.0, value)
    Assert.Equal<float[]>([| 3.0; 16.0; 6.0 |], g)

[<Fact>]
let ``the List and Seq forms, and a count read from the input`` () =
    // List.skip 1 of (1, 2, 3) sums x₂ + x₃; Seq.take (n − 1) of four elements keeps three.
    Assert.Equal<float list>([ 0.0; 1.0; 1.0 ], grad <@ fun (x: float list) -> x |> List.skip 1 |> List.sum @> [ 1.0; 2.0; 3.0 ])
    let g = grad <@ fun (x: float[]) -> x |> Seq.take (x.Length - 1) |> Seq.sumBy (fun v -> 2.0 * v) @>
    Assert.Equal<float[]>([| 2.0; 2.0; 2.0; 0.0 |], g [| 5.0; 6.0; 7.0; 8.0 |])
    Assert.Equal<float[]>([| 2.0; 0.0 |], g [| 5.0; 6.0 |])

[<Fact>]
let ``a count beyond the length throws what F# throws`` () =
    let fsharps (f: unit -> obj) = (Assert.ThrowsAny<exn>(fun () -> f () |> ignore)).GetType()
    let x = [| 1.0; 2.0; 3.0 |]
    Assert.Throws(fsharps (fun () -> box (Array.take 4 x)), fun () -> grad <@ fun (x: float[]) -> Array.take 4 x |> Array.sum @> x |> ignore) |> ignore
    Assert.Throws(fsharps (fun () -> box (Array.skip 4 x)), fun () -> grad <@ fun (x: float[]) -> Array.skip 4 x |> Array.sum @> x |> ignore) |> ignore
    Assert.Throws(fsharps (fun () -> box (List.take -1 [ 1.0 ])), fun () -> grad <@ fun (x: float[]) -> List.take -1 (List.ofArray x) |> List.sum @> x |> ignore) |> ignore

[<Fact>]
let ``a negative skip keeps everything, as Array.skip does`` () =
    Assert.Equal<float[]>([| 1.0; 1.0 |], grad <@ fun (x: float[]) -> Array.skip -2 x |> Array.sum @> [| 4.0; 5.0 |])

[<Fact>]
let ``skipWhile and takeWhile split at the first element the predicate fails`` () =
    // At (1, 2, 0, 3) with v < 1.5 the leading run is (1): takeWhile keeps it (gradient 2·1 there), skipWhile
    // keeps (2, 0, 3) although 0 passes the predicate (gradient 2v there).
    let x = [| 1.0; 2.0; 0.0; 3.0 |]
    Assert.Equal<float[]>([| 2.0; 0.0; 0.0; 0.0 |], grad <@ fun (x: float[]) -> x |> Array.takeWhile (fun v -> v < 1.5) |> Array.sumBy (fun v -> v * v) @> x)
    Assert.Equal<float[]>([| 0.0; 4.0; 0.0; 6.0 |], grad <@ fun (x: float[]) -> x |> Array.skipWhile (fun v -> v < 1.5) |> Array.sumBy (fun v -> v * v) @> x)

[<Fact>]
let ``choose keeps the Some payloads, which carry the gradient`` () =
    // At (1, 2, 3) the chooser keeps 2 and 3 as 2² and 3²·t with t = 2: value 4 + 18; ∂/∂x = (0, 2·2, 2·3·t), ∂/∂t = 9.
    let f = <@ fun (x: float[], t: float) -> x |> Array.choose (fun v -> if v < 1.5 then None elif v < 2.5 then Some (v * v) else Some (v * v * t)) |> Array.sum @>
    let value, (gx, gt) = valueAndGrad f ([| 1.0; 2.0; 3.0 |], 2.0)
    Assert.Equal(22.0, value)
    Assert.Equal<float[]>([| 0.0; 4.0; 12.0 |], gx)
    Assert.Equal(9.0, gt)

[<Fact>]
let ``choose over an index range and over a list`` () =
    // The even indices of (1, 2, 3, 4, 5) are read times 3: gradient 3 at indices 0, 2, 4.
    let g = grad <@ fun (x: float[]) -> [| 0 .. x.Length - 1 |] |> Array.choose (fun i -> if i % 2 = 0 then Some (3.0 * x[i]) else None) |> Array.sum @>
    Assert.Equal<float[]>([| 3.0; 0.0; 3.0; 0.0; 3.0 |], g [| 1.0; 2.0; 3.0; 4.0; 5.0 |])
    Assert.Equal<float[]>([| 3.0; 0.0 |], g [| 1.0; 2.0 |])
    Assert.Equal<float list>([ 0.0; -1.0 ], grad <@ fun (x: float list) -> x |> List.choose (fun v -> if v > 0.0 then Some (-v) else None) |> List.sum @> [ -1.0; 1.0 ])

[<Fact>]
let ``a chooser that returns an option from elsewhere is named with the fix`` () =
    let ex = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (x: float[]) -> x |> Array.choose (fun v -> Option.filter (fun u -> u > 0.0) (Some v)) |> Array.sum @> |> ignore)
    Assert.Contains("Array.choose", ex.Message)
    Assert.Contains("Some value", ex.Message)

let private halves = grad <@ fun (x: float[]) -> (x |> Array.skip (x.Length / 2) |> Array.sumBy (fun v -> sin v * v)) + (x |> List.ofArray |> List.take ((x.Length + 1) / 2) |> List.sumBy (fun v -> v * v * v)) @>

[<Property(MaxTest = 100, Replay = "(20261129,31)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``skip and take of lengths read from the input match central differences`` (Vector x) =
    let plain (x: float[]) = (x |> Array.skip (x.Length / 2) |> Array.sumBy (fun v -> sin v * v)) + (x |> List.ofArray |> List.take ((x.Length + 1) / 2) |> List.sumBy (fun v -> v * v * v))
    assertClose $"halves of %A{x}" (numericGradient plain x) (halves x)

let private whiles = grad <@ fun (x: float[]) -> (x |> Array.takeWhile (fun v -> v > -0.5) |> Array.sumBy (fun v -> exp v)) + (x |> Seq.skipWhile (fun v -> v > -0.5) |> Seq.sumBy (fun v -> v * v)) @>
let private chosen = grad <@ fun (x: float[]) -> x |> Array.choose (fun v -> if v > 0.2 then Some (sin v * v) elif v < -0.6 then Some (v * v * v) else None) |> Array.sum @>

[<Property(MaxTest = 100, Replay = "(20261129,37)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``takeWhile, skipWhile and choose match central differences away from the verdicts' boundaries`` (Vector x) =
    // A step of the differences (about 1e-3) must change no verdict.
    let away = x |> Array.forall (fun v -> abs (v + 0.5) > 1e-2 && abs (v - 0.2) > 1e-2 && abs (v + 0.6) > 1e-2)
    let plainWhiles (x: float[]) = (x |> Array.takeWhile (fun v -> v > -0.5) |> Array.sumBy exp) + (x |> Seq.skipWhile (fun v -> v > -0.5) |> Seq.sumBy (fun v -> v * v))
    let plainChosen (x: float[]) = x |> Array.choose (fun v -> if v > 0.2 then Some (sin v * v) elif v < -0.6 then Some (v * v * v) else None) |> Array.sum
    away ==> lazy (
        assertClose $"whiles at %A{x}" (numericGradient plainWhiles x) (whiles x)
        assertClose $"choose at %A{x}" (numericGradient plainChosen x) (chosen x))
