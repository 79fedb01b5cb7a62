/// Oracles and generators shared by the property tests.
module ExprGrad.FSharp.Tests.Support

open Xunit
open System
open FsCheck
open FsCheck.FSharp

/// Central differences with one Richardson step: error O(h⁴), so tolerances can stay tight.
let derivative (f: float -> float) (x: float) =
    let h = 1e-3 * max 1.0 (abs x)
    let d1 = (f (x + h) - f (x - h)) / (2.0 * h)
    let d2 = (f (x + h / 2.0) - f (x - h / 2.0)) / h
    (4.0 * d2 - d1) / 3.0

/// The numerical gradient of f over a flat vector of coordinates.
let numericGradient (f: float[] -> float) (x: float[]) =
    Array.init x.Length (fun i ->
        derivative (fun t -> f (Array.updateAt i t x)) x[i])

let close (expected: float) (actual: float) =
    abs (expected - actual) <= 1e-6 + 1e-6 * max (abs expected) (abs actual)

/// Fails with both vectors in the message, so a shrunk counterexample explains itself.
let assertClose (context: string) (expected: float[]) (actual: float[]) =
    Assert.Equal(expected.Length, actual.Length)
    let ok = Array.forall2 close expected actual
    Assert.True(ok, sprintf "%s: expected %A, got %A" context expected actual)

/// A coordinate in [-1, 1], at micro resolution: each case maps it into its own domain.
type Unit' = Unit' of float

type Generators =
    static member Unit'() =
        Gen.choose (-1_000_000, 1_000_000) |> Gen.map (fun i -> Unit'(float i / 1e6)) |> Arb.fromGen

/// 1 to 6 coordinates in [-1, 1].
type Vector = Vector of float[]

type VectorGenerators =
    static member Vector() =
        gen {
            let! n = Gen.choose (1, 6)
            let! xs = Gen.arrayOfLength n (Gen.choose (-1_000_000, 1_000_000) |> Gen.map (fun i -> float i / 1e6))
            return Vector xs
        }
        |> Arb.fromGen

/// The rows of a matrix, for comparing it row by row.
let rows (m: float[,]) = Array.init (Array2D.length1 m) (fun i -> m[i, *])

/// Asserts that building the gradient raises a NotSupportedException whose message names the fragment.
let rejects (fragment: string) (build: unit -> obj) =
    let ex = Assert.ThrowsAny<NotSupportedException>(fun () -> build () |> ignore)
    Assert.Contains(fragment, ex.Message)
