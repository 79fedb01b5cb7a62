/// Loops, mutables, local arrays and collections made whole inside lambdas — the function of Array.sumBy, fold,
/// map, Ops.Sum or a nested derivative — each quotation compiled once and called at 1 to 6 elements, against
/// central differences of the same code run as F#.
module ExprGrad.FSharp.Tests.LambdaLoopTests

open Xunit
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support
open ExprGrad.FSharp.Tests.CollectionTests

let private cases =
    [ case "for and let mutable in Array.sumBy" <@ fun w -> Array.sumBy (fun v -> let mutable s = v in (for _ in 1 .. 2 do s <- s * v + 0.5); s) w @>
          (fun w -> Array.sumBy (fun v -> let mutable s = v in (for _ in 1 .. 2 do s <- s * v + 0.5); s) w)
      case "while in Array.sumBy" <@ fun w -> Array.sumBy (fun v -> let mutable s = v in let mutable k = 0 in (while k < 3 do s <- sin s + v; k <- k + 1); s) w @>
          (fun w -> Array.sumBy (fun v -> let mutable s = v in let mutable k = 0 in (while k < 3 do s <- sin s + v; k <- k + 1); s) w)
      case "a loop over the input in Ops.Sum's lambda" <@ fun w -> Ops.Sum(w.Length, fun i -> let mutable s = 0.0 in (for k in 0 .. i do s <- s + w[k] * float (k + 1)); s * s) @>
          (fun w -> Seq.sum (seq { for i in 0 .. w.Length - 1 -> let mutable s = 0.0 in (for k in 0 .. i do s <- s + w[k] * float (k + 1)); s * s }))
      case "a loop in Array.fold's step" <@ fun w -> Array.fold (fun acc v -> let mutable t = acc in (for _ in 1 .. 2 do t <- t * 0.5 + v * v); t) 1.0 w @>
          (fun w -> Array.fold (fun acc v -> let mutable t = acc in (for _ in 1 .. 2 do t <- t * 0.5 + v * v); t) 1.0 w)
      case "a local array written in a lambda" <@ fun w -> Array.sumBy (fun v -> let y = Array.zeroCreate 3 in (for k in 0 .. 2 do y[k] <- v * float k + w[0]); y[2] * y[1]) w @>
          (fun w -> Array.sumBy (fun v -> let y = Array.zeroCreate 3 in (for k in 0 .. 2 do y[k] <- v * float k + w[0]); y[2] * y[1]) w)
      case "Array.map made whole in a lambda" <@ fun w -> Array.sumBy (fun i -> let y = Array.map (fun v -> v * float (i + 1)) w in y[0] * y[y.Length - 1]) [| 0 .. w.Length - 1 |] @>
          (fun w -> Array.sumBy (fun i -> let y = Array.map (fun v -> v * float (i + 1)) w in y[0] * y[y.Length - 1]) [| 0 .. w.Length - 1 |])
      case "a loop in Array.map, summed outside" <@ fun w -> let y = Array.map (fun v -> let mutable t = 1.0 in (for _ in 1 .. 3 do t <- t * v); t) w in Array.sum y * y[0] @>
          (fun w -> let y = Array.map (fun v -> let mutable t = 1.0 in (for _ in 1 .. 3 do t <- t * v); t) w in Array.sum y * y[0])
      case "a loop in a nested diff's function" <@ fun w -> w[0] * diff <@ fun y -> let mutable s = 0.0 in (for k in 0 .. w.Length - 1 do s <- s + sin (y * w[k])); s @> w[w.Length - 1] @>
          (fun w -> w[0] * Seq.sum (seq { for k in 0 .. w.Length - 1 -> w[k] * cos (w[w.Length - 1] * w[k]) })) ]

type private Cases =
    static member Case() = Gen.elements cases |> Arb.fromGen

[<Property(MaxTest = 300, Replay = "(20261128,41)", Arbitrary = [| typeof<VectorGenerators>; typeof<Cases> |])>]
let ``loops and collections inside lambdas match central differences at every length`` (case: Case) (Vector w) =
    assertClose $"{case.Name} at %A{w}" (numericGradient case.Function w) (case.Gradient w)

let private cubeTwice = diff2 <@ fun x -> x * diff <@ fun y -> let mutable s = y in (for _ in 1 .. 2 do s <- s * y); s @> x @>
let private sumOfCubes = hessian <@ fun (w: float[]) -> Array.sumBy (fun v -> let mutable s = v in (for _ in 1 .. 2 do s <- s * v); s) w @>

[<Property(MaxTest = 50, Replay = "(20261128,43)", Arbitrary = [| typeof<VectorGenerators>; typeof<Generators> |])>]
let ``second derivatives through a loop inside a lambda`` (Unit' u) (Vector w) =
    // The inner loop computes y³, so x · d/dy y³ at x is 3x³ and its second derivative 18x.
    Assert.True(close (18.0 * u) (cubeTwice u), $"diff2 at {u}: {cubeTwice u}")
    // Σ vᵢ³: the Hessian is diag(6vᵢ).
    let h = sumOfCubes w
    Array.iteri (fun i row -> assertClose $"Hessian row {i}" (Array.init w.Length (fun j -> if i = j then 6.0 * w[i] else 0.0)) row) (rows h)

[<Fact>]
let ``an assignment in Ops.Sum's lambda and a looping function given to Ops.Map`` () =
    // Σᵢ₌₀¹ xᵢ: 1 for the first two elements, 0 for the third.
    Assert.Equal<float[]>([| 1.0; 1.0; 0.0 |], grad <@ fun (x: float[]) -> Ops.Sum(2, fun i -> (let mutable s = 0.0 in s <- x[i]; s)) @> [| 3.0; 4.0; 5.0 |])
    // f t = t·t through a mutable, mapped and summed: 2xᵢ.
    let g = grad <@ fun (x: float[]) -> let f (t: float) = (let mutable s = t in s <- s * t; s) in Ops.Sum(Ops.Map(x, f)) @>
    Assert.Equal<float[]>([| 1.0; -2.4; 4.0 |], g [| 0.5; -1.2; 2.0 |])
